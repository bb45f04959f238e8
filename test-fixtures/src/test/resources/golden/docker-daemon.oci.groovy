// dockerd and containerd with every flag the seed passes
// (seed: docker-shepherd-service, containerd-shepherd-service).
system {
    service dockerServiceType, dockerConfiguration {
        debug true
        proxy '/usr/sbin/docker-proxy'
        configFile plainFile('daemon.json', '{"live-restore": true}')
        environmentVariables 'HTTP_PROXY=http://proxy.example:3128'
    }
    service containerdServiceType, containerdConfiguration { debug true }
}
