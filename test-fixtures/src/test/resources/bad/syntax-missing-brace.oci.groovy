// expect: ${file}:9:2: error: missing '}' at the end of the file for the '{' opened at line 4
system {
    service dockerServiceType
    service ociServiceType, ociConfiguration {
        containers ociContainer {
            image 'redis:7'
        }

}
