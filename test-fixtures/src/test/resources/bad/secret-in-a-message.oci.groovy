// expect: ${file}:6:9: error: networks contains an illegal value: #<oci-container-configuration command: () hostEnvironment: <hidden> environment: () image: "nginx:1" provision: "web" requirement: () autoStart: #t respawn: #f shepherdActions: () ports: () volumes: () extraArguments: () oneShot: #f>
system {
    service rootlessPodmanServiceType
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        networks ociContainer { provision 'web'; image 'nginx:1'; hostEnvironment DB_PASSWORD: 's3cr3t-value' }
    }
}
