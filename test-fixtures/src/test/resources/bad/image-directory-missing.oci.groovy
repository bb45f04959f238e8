// expect: ${file}:6:58: error: no such directory: /no/such/dir
system {
    service rootlessPodmanServiceType
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        containers ociContainer { provision 'web'; image ociImage { repository 'site'; value directory('/no/such/dir') } }
    }
}
