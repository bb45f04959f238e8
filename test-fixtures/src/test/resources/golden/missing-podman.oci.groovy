// podman without rootlessPodmanServiceType: nothing provides the runtime's requirements.
system {
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        containers ociContainer { provision 'web'; image 'docker.io/library/nginx:1.25' }
    }
}
