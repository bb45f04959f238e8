// expect: ${file}:5:20: error: service 'web' requires 'db', which is not provided by any service
system {
    service dockerServiceType
    service ociServiceType, ociConfiguration {
        containers ociContainer { provision 'web'; image 'site:1.0'; requirement 'db' }
    }
}
