// expect: ${file}:4:63: error: a health check's interval must be more than zero seconds, not 0
def c = ociContainer {
    image 'redis:7'
    healthCheck ociHealthCheck { command 'redis-cli', 'ping'; interval 0 }
}
system { service ociServiceType, ociConfiguration { containers c } }
