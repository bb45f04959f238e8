// expect: ${file}:3:5: error: rootless-podman needs a system (root) configuration: it sets up the host for rootless podman, which a home system uses as the host has it; a home system cannot have it
system {
    service rootlessPodmanServiceType
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        containers ociContainer { image 'redis:7' }
    }
}
