// Two extensions provision the same container: the second one is the duplicate.
system {
    service rootlessPodmanServiceType
    service ociServiceType, ociConfiguration { runtime 'podman' }
    simpleService 'first', ociServiceType, ociExtension {
        containers ociContainer { provision 'web'; image 'docker.io/library/nginx:1.25' }
    }
    simpleService 'second', ociServiceType, ociExtension {
        containers ociContainer { provision 'web'; image 'docker.io/library/httpd:2.4' }
    }
}
