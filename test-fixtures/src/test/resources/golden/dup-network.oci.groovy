// An extension declares a network the configuration already has.
system {
    service rootlessPodmanServiceType
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        networks ociNetwork { name 'backend' }
    }
    simpleService 'more', ociServiceType, ociExtension {
        networks ociNetwork { name 'backend'; internal true }
    }
}
