// expect: ${file}:9:2: error: missing ''' at the end of the file for the string opened at line 6
system {
    service ociServiceType, ociConfiguration {
        containers ociContainer {
            image 'redis:7'
            command 'sh', '-c', '''echo It's {
        }
    }
}
