// docker.oci.groovy — Docker, run by ocidsl's own dockerd and containerd, with an extension
// declared by a simple service (../shared/DSL.md, section 3).
system {
    service ociServiceType, ociConfiguration { runtime 'docker' }
    service dockerServiceType              // dockerd, extending shepherd-root
    service containerdServiceType
    simpleService 'extra-cache', ociServiceType, ociExtension {
        containers ociContainer { image 'redis:7'; provision 'cache' }
    }
}
