// expect: ${file}:7:28: error: unexpected ',' before '}' on line 8
system {
    service dockerServiceType
    service ociServiceType, ociConfiguration {
        containers ociContainer {
            image 'redis:7'
            ports '8080:80',
        }
    }
}
