// expect: ${file}:4:9: error: containersRegistries: "/etc/containers/registries.conf" looks like a path, not a file's content: write localFile("/etc/containers/registries.conf") to use that file
system {
    service rootlessPodmanServiceType, rootlessPodman {
        containersRegistries '/etc/containers/registries.conf'
    }
}
