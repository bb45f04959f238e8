// Users and groups with docker: group 'docker' unless set; a container's user and group
// override the configuration's; accounts without subids (seed: oci-runtime-group,
// oci-service-accounts, oci-service-subids).
system {
    service dockerServiceType
    service containerdServiceType
    service ociServiceType, ociConfiguration {
        runtime 'docker'
        volumes ociVolume { name 'data' }
        containers ociContainer {
            provision 'web'
            image 'docker.io/library/nginx:1.25'
            hostEnvironment DB_PASSWORD: 's3cr3t-docker-value'
        }, ociContainer {
            provision 'wheel-app'
            image 'docker.io/library/busybox:1.36'
            group 'wheel'
        }, ociContainer {
            provision 'bob-app'
            image 'docker.io/library/busybox:1.36'
            user 'bob'
        }
    }
}
