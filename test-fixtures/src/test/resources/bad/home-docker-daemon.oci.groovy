// expect: ${file}:3:5: error: docker needs a system (root) configuration: it runs the docker daemon as root; a home system cannot have it
system {
    service dockerServiceType
    service ociServiceType, ociConfiguration {
        containers ociContainer { image 'redis:7' }
    }
}
