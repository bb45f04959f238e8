// files.oci.groovy — configuration files in Guix's file-like forms, for rootless podman and dockerd.
system {
    service rootlessPodmanServiceType, rootlessPodman {
        // A file of this name and content, as Guix's plain-file.
        containersRegistries plainFile('registries.conf', "unqualified-search-registries = ['docker.io']\n")
        // A host file, relative to this file, read when the system is built, as Guix's local-file.
        containersPolicy localFile('policy.json')
    }
    service containerdServiceType
    service dockerServiceType, dockerConfiguration { configFile localFile('daemon.json') }
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        containers ociContainer { provision 'cache'; image 'docker.io/library/redis:7' }
    }
}
