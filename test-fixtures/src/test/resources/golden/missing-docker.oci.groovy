// docker without dockerServiceType: nothing provides dockerd.
system {
    service ociServiceType, ociConfiguration {
        runtime 'docker'
        containers ociContainer { provision 'web'; image 'docker.io/library/nginx:1.25' }
    }
}
