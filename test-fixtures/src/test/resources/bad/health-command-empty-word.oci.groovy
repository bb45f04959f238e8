// expect: ${file}:4:34: error: a health check's command must not be empty, nor any of its words
def c = ociContainer {
    image 'db:1'
    healthCheck ociHealthCheck { command '' }
}
system { service ociServiceType, ociConfiguration { containers c } }
