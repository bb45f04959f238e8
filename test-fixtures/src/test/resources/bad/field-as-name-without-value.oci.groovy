// expect: ${file}:3:47: error: 'image' is a field of ociContainer: write it as a call: image(VALUE)
system {
    def c = ociContainer { provision 'cache'; image }
    service ociServiceType, ociConfiguration { containers c }
}
