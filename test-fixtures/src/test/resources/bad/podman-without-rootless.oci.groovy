// expect: ${file}:5:20: error: service 'podman-redis' requires 'cgroups2-fs-owner', which is not provided by any service (add 'service rootlessPodmanServiceType' to the system)
system {
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        containers ociContainer { image 'redis:7' }
    }
}
