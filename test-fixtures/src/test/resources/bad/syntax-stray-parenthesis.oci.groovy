// expect: ${file}:6:29: error: unexpected ')': the '{' opened at line 5 is not closed yet
system {
    service dockerServiceType
    service ociServiceType, ociConfiguration {
        containers ociContainer {
            image 'redis:7' )
        }
    }
}
