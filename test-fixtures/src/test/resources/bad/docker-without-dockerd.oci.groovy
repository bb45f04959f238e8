// expect: ${file}:4:20: error: service 'docker-redis' requires 'dockerd', which is not provided by any service (add 'service dockerServiceType' to the system)
system {
    service ociServiceType, ociConfiguration {
        containers ociContainer { image 'redis:7' }
    }
}
