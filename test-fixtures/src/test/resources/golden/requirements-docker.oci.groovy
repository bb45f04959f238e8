// requirements.oci.groovy with the docker runtime.
system {
    service dockerServiceType
    service containerdServiceType
    service ociServiceType, ociConfiguration {
        runtime 'docker'
        networks ociNetwork { name 'backend' }
        volumes ociVolume { name 'data' }
        containers ociContainer {
            provision 'web'
            image 'docker.io/library/nginx:1.25'
            requirement 'db'
        }, ociContainer {
            provision 'db'
            image 'docker.io/library/postgres:16'
            respawn true
            autoStart false
            logFile '/var/log/db.log'
        }
    }
}
