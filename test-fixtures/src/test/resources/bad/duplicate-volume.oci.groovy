// expect: ${file}:6:17: error: Duplicated volume: data. Names of volume should be unique, please remove the duplicate.
system {
    service dockerServiceType
    service ociServiceType, ociConfiguration {
        volumes ociVolume { name 'data' },
                ociVolume { name 'data' }
    }
}
