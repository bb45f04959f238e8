// expect: ${file}:4:5: error: 'stopTimeout' is a field of ociContainer: write it as a call: stopTimeout(-3)
def c = ociContainer {
    image 'redis:7'
    stopTimeout -3
}
system { service ociServiceType, ociConfiguration { containers c } }
