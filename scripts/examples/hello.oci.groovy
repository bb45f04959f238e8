// A first system: one container from a string image, on a network, with a volume, run by
// rootless podman. 'ocidsl check' folds it; 'ocidsl build' writes its launchers.
system {
    service rootlessPodmanServiceType
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        networks ociNetwork { name 'backend' }
        volumes  ociVolume  { name 'data' }
        containers ociContainer {
            provision 'web'
            image 'docker.io/library/busybox:1.36'
            network 'backend'
            ports '8080:8080'
            volumes 'data:/data'
            environment 'LANG=C', [TZ: 'UTC']
            command 'httpd', '-f', '-p', '8080'
        }
    }
}
