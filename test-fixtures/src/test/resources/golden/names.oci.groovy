// Service names and image references (seed: oci-container-shepherd-name,
// oci-networks-shepherd-name, oci-volumes-shepherd-name, oci-image-reference).
system {
    service rootlessPodmanServiceType
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        user '@USER@'   // the test's user: podman launchers look up its home
        networks ociNetwork { name 'backend' }
        volumes ociVolume { name 'data' }
        containers ociContainer { image 'myregistry.local:5000/testing/test-image:tag' },
                   ociContainer { provision 'web'; image 'docker.io/library/nginx:1.25' },
                   ociContainer { image 'redis:7' }
    }
}
