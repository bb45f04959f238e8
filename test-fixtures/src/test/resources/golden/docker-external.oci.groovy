// ocidsl's extension: dockerd run by the host's init; 'dockerd' only waits until it answers.
system {
    service dockerServiceType, dockerConfiguration { external true }
    service containerdServiceType
}
