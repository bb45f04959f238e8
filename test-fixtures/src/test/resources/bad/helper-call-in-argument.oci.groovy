// expect: ${file}:11:5: error: ports members must be either a string or a pair but 8080 was found
// A helper called in a field's arguments makes calls of its own: the error is at the field.
def port(n) {
    ociNetwork { name "net$n" }
    n
}
def web = ociContainer {
    provision 'web'
    image 'site:1.0'
    network 'backend'
    ports '8080:80',
            port(8080)
}
system {
    service dockerServiceType
    service ociServiceType, ociConfiguration { containers web }
}
