// expect: ${file}:6:13: error: extraneous field 'imgae' for oci-container-configuration; did you mean 'image'?
system {
    service dockerServiceType
    service ociServiceType, ociConfiguration {
        containers ociContainer {
            imgae 'redis:7'
        }
    }
}
