// expect: ${file}:4:27: error: localFile: /no/such/storage.conf: no such file
system {
    service rootlessPodmanServiceType, rootlessPodman {
        containersStorage localFile('/no/such/storage.conf')
    }
}
