// expect: ${file}:7:13: error: container user 'postgres' needs a system (root) configuration: a home system runs every container as its own user
system {
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        containers ociContainer {
            image 'postgres:16'
            user 'postgres'
        }
    }
}
