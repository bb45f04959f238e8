// expect: ${file}:6:1: error: unexpected '}': no '{' is open here
system {
    service dockerServiceType
    service ociServiceType, ociConfiguration { containers ociContainer { image 'redis:7' } }
}
}
