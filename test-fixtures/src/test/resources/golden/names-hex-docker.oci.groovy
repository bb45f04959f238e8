// The same with docker, whose 'rm -f NAME' takes an unknown name for an ID prefix too ('run
// --name' does not look the name up). The names compare as strings: 100 is not 0100.
system {
    service dockerServiceType
    service containerdServiceType
    service ociServiceType, ociConfiguration {
        runtime 'docker'
        containers ociContainer { provision 'cafe'; image 'docker.io/library/nginx:1.25' },
                   ociContainer { provision '100'; image 'docker.io/library/nginx:1.25' }
    }
}
