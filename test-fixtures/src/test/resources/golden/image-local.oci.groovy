// An ociImage whose value is Guix's file-like archive, localFile('x.tar'): tarball('x.tar'), kept as is.
// @USER@ is replaced by the test's user: podman launchers look up its home.
def site = ociImage {
    repository 'site'
    tag '1.0'
    value localFile('x.tar')
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
