// expect: ${file}:6:32: error: ports members must be either a string or a pair but 8080 was found
system {
    service dockerServiceType
    service ociServiceType, ociConfiguration {
        containers ociContainer {
            image = 'redis:7'; ports = [8080]
        }
    }
}
