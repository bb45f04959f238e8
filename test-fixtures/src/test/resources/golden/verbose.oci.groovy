// verbose true: every launcher prints what the seed's gnu/build/oci-containers.scm prints
// (oci-log-verbose, oci-system*, oci-image-load, oci-object-create), and the seed's
// unconditional lines ("image already exists, skipping.", "already exists, skipping creation.").
def site = ociImage {
    repository 'site'
    tag '1.0'
    value tarball('x.tar')
}

system {
    service rootlessPodmanServiceType
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        user '@USER@'   // the test's user: podman launchers look up its home
        verbose true
        networks ociNetwork { name 'backend' }
        volumes ociVolume { name 'data' }
        containers ociContainer {
            provision 'web'
            image 'docker.io/library/nginx:1.25'
            network 'backend'
        }, ociContainer {
            image site
        }
    }
}
