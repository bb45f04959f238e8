// expect: ${file}:6:13: error: ports members must be either a string or a pair but 8080 was found
def web = ociContainer {
    provision 'web'
    image 'site:1.0'
    network 'backend'
            ports '8080:80', 8080
}
system {
    service dockerServiceType
    service ociServiceType, ociConfiguration { containers web }
}
