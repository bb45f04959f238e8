// Documentation strings and requirements (seed: oci-container-shepherd-service,
// oci-object-shepherd-service, oci-runtime-system-requirement).
system {
    service rootlessPodmanServiceType
    service ociServiceType, ociConfiguration {
        runtime 'podman'
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
