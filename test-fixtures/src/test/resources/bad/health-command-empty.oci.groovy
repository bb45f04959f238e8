// expect: ${file}:4:34: error: a health check's command must not be empty
def c = ociContainer {
    image 'redis:7'
    healthCheck ociHealthCheck { command() }
}
system { service ociServiceType, ociConfiguration { containers c } }
