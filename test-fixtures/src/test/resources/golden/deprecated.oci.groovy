// The deprecated oci-container-service-type: a list of containers run by docker as
// oci-container:docker (seed: gnu/services/docker.scm, oci-container-shepherd-service).
system {
    service dockerServiceType
    service containerdServiceType
    service ociContainerServiceType, [
        ociContainer {
            provision 'web'
            image 'nginx:1.25'
            requirement 'docker-postgres'
            ports '8080:80'
            environment 'LANG=C'
        }
    ]
    simpleService 'more', ociContainerServiceType, [ociContainer { image 'postgres:16' }]
}
