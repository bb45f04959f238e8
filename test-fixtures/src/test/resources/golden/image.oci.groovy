// A container of an ociImage: the image archive is loaded and tagged before run, unless the
// reference exists already (seed: oci-image-loader, oci-container-shepherd-service pre-script).
// @USER@ is replaced by the test's user: podman launchers look up its home.
def site = ociImage {
    repository 'site'
    tag '1.0'
    value tarball('x.tar')
}

system {
    service rootlessPodmanServiceType
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        user '@USER@'
        containers ociContainer {
            image site
            ports '8080:80'
            shepherdActions shepherdAction {
                name 'reload'
                documentation 'Reload the site.'
                procedure 'podman', 'exec', 'podman-site', 'kill', '-HUP', '1'
            }
        }
    }
}
