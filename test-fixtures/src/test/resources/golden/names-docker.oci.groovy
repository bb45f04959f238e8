// The same names with the docker runtime: docker-<image basename>, docker-networks, docker-volumes.
system {
    service dockerServiceType
    service containerdServiceType
    service ociServiceType, ociConfiguration {
        runtime 'docker'
        networks ociNetwork { name 'backend' }
        volumes ociVolume { name 'data' }
        containers ociContainer { image 'quay.io/prometheus/prometheus:v2.53.0' },
                   ociContainer { image 'redis' }
    }
}
