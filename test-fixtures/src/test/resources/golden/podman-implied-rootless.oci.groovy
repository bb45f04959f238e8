// podman without rootlessPodmanServiceType: a system run adds it with its default value (ModeServices).
system {
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        containers ociContainer { provision 'web'; image 'docker.io/library/nginx:1.25' }
    }
}
