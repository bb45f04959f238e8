// expect: ${file}:6:9: error: a oneShot service takes no health check: it is done once it exited 0
system {
    simpleService 'setup', shepherdRootServiceType, [shepherdService {
        provision 'setup'; oneShot true
        start 'true'
        healthCheck ociHealthCheck { command 'true' }
    }]
}
