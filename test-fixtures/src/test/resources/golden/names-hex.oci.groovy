// Not in the seed: a name that could be the beginning of a container ID (lowercase hex) is
// found among the names only and removed by its full ID; podman's --replace and 'rm -f NAME'
// would take it, when no container has the name, for an ID prefix and remove another container;
// 'network inspect' would find another network: such a network is looked for in 'network ls'.
system {
    service rootlessPodmanServiceType
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        user '@USER@'   // the test's user: podman launchers look up its home
        networks ociNetwork { name 'beef' }, ociNetwork { name 'backend' }
        containers ociContainer { provision 'cafe'; image 'docker.io/library/nginx:1.25' },
                   ociContainer { provision 'web'; image 'docker.io/library/nginx:1.25' }
    }
}
