// expect: ${file}:4:9: error: field 'runtime' takes one value but 2 were given
system {
    service ociServiceType, ociConfiguration {
        runtime 'podman', 'docker'
    }
}
