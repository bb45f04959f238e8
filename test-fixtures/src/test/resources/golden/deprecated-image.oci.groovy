// The deprecated service with an ociImage: its archive is part of the system, to be loaded
// and tagged before run (seed: %oci-image-loader in gnu/services/docker.scm).
def site = ociImage {
    repository 'site'
    tag '1.0'
    value tarball('x.tar')
}

system {
    service dockerServiceType
    service containerdServiceType
    service ociContainerServiceType, [ociContainer { image site }]
}
