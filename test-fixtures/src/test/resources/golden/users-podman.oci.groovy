// Users and groups with podman: a container's user overrides the configuration's, the group
// is the user's primary group; accounts and subids (seed: oci-service-accounts, oci-service-subids).
// The hostEnvironment values below must appear nowhere in the generation.
system {
    service rootlessPodmanServiceType
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        networks ociNetwork { name 'backend' }
        containers ociContainer {
            provision 'web'
            image 'docker.io/library/nginx:1.25'
            hostEnvironment DB_PASSWORD: 's3cr3t-podman-value', API_TOKEN: 't0k3n-podman-value'
            extraArguments '--env', 'DB_PASSWORD'
        }, ociContainer {
            provision 'alice-app'
            image 'docker.io/library/busybox:1.36'
            user 'alice'
            hostEnvironment 'ALICE_KEY=alice-k3y-value'
        }
    }
}
