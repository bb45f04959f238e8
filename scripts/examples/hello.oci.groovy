// hello.oci.groovy — a web server in a container, from an image built here out of the host's
// busybox (no registry), run by rootless podman as the user oci-container, on port 8080.
//   sudo scripts/ocidsl run scripts/examples/hello.oci.groovy     (then open http://localhost:8080)
def busybox = ociImage {
    repository 'hello'
    value programs('/bin/busybox')
    packOptions symlinks: ['/bin/sh': 'busybox', '/bin/httpd': 'busybox', '/bin/mkdir': 'busybox']
}

system {
    service rootlessPodmanServiceType
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        networks ociNetwork { name 'backend' }
        volumes  ociVolume  { name 'data' }
        containers ociContainer {
            provision 'web'
            image busybox
            network 'backend'
            ports '8080:8080'
            volumes 'data:/data'
            environment 'LANG=C', [TZ: 'UTC']
            stopTimeout 2     // httpd, the container's PID 1, ignores SIGTERM: kill it after 2 s, not 10
            command 'sh', '-c', 'mkdir -p /www && echo "Hello from ocidsl" > /www/index.html && exec httpd -f -p 8080 -h /www'
        }
    }
}
