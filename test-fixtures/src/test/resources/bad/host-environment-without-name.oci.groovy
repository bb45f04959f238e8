// expect: ${file}:6:69: error: host-environment members must be NAME=VALUE, but one has no NAME= part (its value is not shown)
system {
    service rootlessPodmanServiceType
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        containers ociContainer { provision 'web'; image 'nginx:1'; hostEnvironment 's3cr3t-no-name' }
    }
}
