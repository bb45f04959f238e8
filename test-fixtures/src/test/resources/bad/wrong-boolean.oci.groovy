// expect: ${file}:4:9: error: invalid value "yes" for field 'verbose'
system {
    service ociServiceType, ociConfiguration {
        verbose 'yes'
    }
}
