// Networks and volumes: 'network create' and 'volume create' options in the seed's order
// (oci-network-configuration->options, oci-volume-configuration->options,
// oci-object-create-invocation: CLI, runtime extra arguments, OBJECT create, options, extra arguments, NAME).
system {
    service rootlessPodmanServiceType
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        user '@USER@'   // the test's user: podman launchers look up its home
        runtimeExtraArguments '--log-level=debug'
        networks ociNetwork {
            name 'backend'
            driver 'bridge'
            gateway '10.89.1.1'
            internal true
            ipRange '10.89.1.128/25'
            ipamDriver 'host-local'
            ipv6 true
            subnet '10.89.1.0/24'
            labels 'tier=back', [owner: 'ops']
            extraArguments '--disable-dns'
        }, ociNetwork { name 'frontend' }
        volumes ociVolume {
            name 'data'
            labels 'backup=daily', [owner: 'ops']
            extraArguments '--driver=local'
        }, ociVolume { name 'cache' }
    }
}
