// Two simple services extend the oci service; their containers, networks and volumes are
// merged with the configuration's (seed: oci-extension-merge, oci-configuration-extend).
system {
    service rootlessPodmanServiceType
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        containers ociContainer { provision 'base'; image 'docker.io/library/busybox:1.36' }
    }
    simpleService 'cache', ociServiceType, ociExtension {
        networks ociNetwork { name 'cache-net' }
        containers ociContainer { image 'docker.io/library/redis:7'; network 'cache-net' }
    }
    simpleService 'store', ociServiceType, ociExtension {
        volumes ociVolume { name 'store-data' }
        containers ociContainer {
            provision 'store'
            image 'docker.io/library/postgres:16'
            volumes 'store-data:/var/lib/postgresql/data'
        }
    }
}
