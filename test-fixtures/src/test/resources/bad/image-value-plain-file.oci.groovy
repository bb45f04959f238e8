// expect: ${file}:6:88: error: an image's value may be localFile('ARCHIVE'), an image archive, but not a plainFile, which holds text
system {
    service rootlessPodmanServiceType
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        containers ociContainer { provision 'web'; image ociImage { repository 'site'; value plainFile('site.tar', 'text') } }
    }
}
