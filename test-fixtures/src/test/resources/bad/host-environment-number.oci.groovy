// expect: ${file}:4:5: error: host-environment members must be either a string or a pair but 42 was found
def c = ociContainer {
    image 'redis:7'
    hostEnvironment 42
}
system { service dockerServiceType; service ociServiceType, ociConfiguration { containers c } }
