// expect: ${file}:5:20: error: unknown function 'ociContaner'; did you mean 'ociContainer'?
system {
    service dockerServiceType
    service ociServiceType, ociConfiguration {
        containers ociContaner { image 'redis:7' }
    }
}
