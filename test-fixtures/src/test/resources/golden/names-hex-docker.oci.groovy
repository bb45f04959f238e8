// The same with docker, whose 'rm -f NAME' takes an unknown name for an ID prefix too.
system {
    service dockerServiceType
    service containerdServiceType
    service ociServiceType, ociConfiguration {
        runtime 'docker'
        containers ociContainer { provision 'cafe'; image 'docker.io/library/nginx:1.25' }
    }
}
