// expect: ${file}:7:67: error: Duplicated network: backend. Names of network should be unique, please remove the duplicate.
system {
    service dockerServiceType
    service ociServiceType, ociConfiguration {
        networks ociNetwork { name 'backend' }
    }
    simpleService 'more', ociServiceType, ociExtension { networks ociNetwork { name 'backend' } }
}
