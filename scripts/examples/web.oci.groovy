// web.oci.groovy — the first system of ../shared/DSL.md, section 1.
def site = ociImage {
    repository 'site'
    tag '1.0'
    value directory('rootfs')             // a directory tree becomes the image
    packOptions entryPoint: ['/bin/httpd', '-f', '-p', '8080'], maxLayers: 2
}

system {
    service rootlessPodmanServiceType     // default value
    service ociServiceType, ociConfiguration {
        runtime 'podman'                  // or 'docker'
        verbose true
        networks ociNetwork { name 'backend' }
        volumes  ociVolume  { name 'data' }
        containers ociContainer {
            provision 'web'               // service name; default '<runtime>-<image basename>'
            image site                    // or a string: 'docker.io/library/redis:7'
            network 'backend'
            ports '8080:8080'             // strings and/or maps: ports(['10443': '443'])
            volumes 'data:/data', ['/srv/shared.txt': '/shared.txt:ro']
            environment 'LANG=C', [TZ: 'UTC']
            hostEnvironment DB_PASSWORD: 'from-host'   // set where run is invoked, not on its command line
            extraArguments '--env', 'DB_PASSWORD'
            respawn true
        }
    }
}
