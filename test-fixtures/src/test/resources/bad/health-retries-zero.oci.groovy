// expect: ${file}:4:63: error: a health check's retries must be a whole number of at least 1, not 0
def c = ociContainer {
    image 'redis:7'
    healthCheck ociHealthCheck { command 'redis-cli', 'ping'; retries 0 }
}
system { service ociServiceType, ociConfiguration { containers c } }
