// expect: ${file}:5:5: error: a oneShot container takes no health check: it is done once it exited 0
def c = ociContainer {
    image 'migrate:1'
    oneShot true
    healthCheck ociHealthCheck { command 'true' }
}
system { service ociServiceType, ociConfiguration { containers c } }
