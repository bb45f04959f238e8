// expect: ${file}:6:58: error: Invalid tag (letters, digits, _ . - and at most 128 characters): bad tag!
system {
    service rootlessPodmanServiceType
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        containers ociContainer { provision 'web'; image ociImage { repository 'site'; tag 'bad tag!'; value directory('/tmp') } }
    }
}
