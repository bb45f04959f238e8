// rootless-podman-service-type's files in each form it takes: Guix's plainFile and localFile
// (relative to this file, as Guix's local-file), and the content as a string, as the seed's
// field takes a string (seed: rootless-podman-configuration, lowerable).
system {
    service rootlessPodmanServiceType, rootlessPodman {
        containersRegistries plainFile('registries.conf', "unqualified-search-registries = ['docker.io']\n")
        containersStorage '[storage]\ndriver = "vfs"\n'
        containersPolicy localFile('conf/policy.json')
    }
}
