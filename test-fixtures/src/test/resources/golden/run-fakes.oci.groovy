// Launchers run against the fake runtimes: networks and volumes are created once, then
// skipped; a container starts, stops and pulls its image.
// @USER@ is replaced by the test's user: podman launchers look up its home.
system {
    service rootlessPodmanServiceType
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        user '@USER@'
        networks ociNetwork { name 'backend' }, ociNetwork { name 'frontend'; internal true }
        volumes ociVolume { name 'data' }
        containers ociContainer {
            provision 'cache'
            image 'docker.io/library/redis:7'
            network 'backend'
            volumes 'data:/data'
        }
    }
}
