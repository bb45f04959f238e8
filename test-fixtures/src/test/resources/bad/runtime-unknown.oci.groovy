// expect: ${file}:4:9: error: OCI runtime must be one of (docker podman), but lxc was found
system {
    service ociServiceType, ociConfiguration {
        runtime 'lxc'
    }
}
