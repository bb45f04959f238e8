// base.oci.groovy — a base system that others build on with system(base) { ... }.
def web = ociContainer {
    provision 'web'
    image 'docker.io/library/nginx:1.27'
    ports '8080:80'
}

[
    web: web,
    system: system {
        service rootlessPodmanServiceType
        service ociServiceType, ociConfiguration { runtime 'podman'; containers web }
    },
]
