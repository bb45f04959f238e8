// expect: ${file}:4:5: error: unknown name 'redisImage'
system {
    service dockerServiceType
    service ociServiceType, ociConfiguration { containers ociContainer { image redisImage } }
}
