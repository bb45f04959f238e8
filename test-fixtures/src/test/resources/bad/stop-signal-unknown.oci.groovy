// expect: ${file}:4:5: error: stopSignal must be the name of a signal, such as SIGTERM or SIGINT, not SIGFOO
def c = ociContainer {
    image 'redis:7'
    stopSignal 'SIGFOO'
}
system { service ociServiceType, ociConfiguration { containers c } }
