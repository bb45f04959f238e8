// expect: ${file}:4:5: error: unknown name 'ociServiceTyp'; did you mean 'ociServiceType'?
system {
    service dockerServiceType
    service ociServiceTyp, ociConfiguration { containers ociContainer { image 'redis:7' } }
}
