// The configuration's user and group, and a container's group overriding them.
system {
    service dockerServiceType
    service containerdServiceType
    service ociServiceType, ociConfiguration {
        runtime 'docker'
        user 'svc'
        group 'staff'
        networks ociNetwork { name 'backend' }
        containers ociContainer {
            provision 'web'
            image 'docker.io/library/nginx:1.25'
        }, ociContainer {
            provision 'wheel-app'
            image 'docker.io/library/busybox:1.36'
            group 'wheel'
        }
    }
}
