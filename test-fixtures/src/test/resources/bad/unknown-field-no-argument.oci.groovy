// expect: ${file}:6:30: error: extraneous field 'colour' for oci-container-configuration
system {
    service dockerServiceType
    service ociServiceType, ociConfiguration {
        containers ociContainer {
            image 'redis:7'; colour()
        }
    }
}
