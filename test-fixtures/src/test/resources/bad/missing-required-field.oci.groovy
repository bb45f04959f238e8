// expect: ${file}:5:18: error: oci-network-configuration: missing value for required field 'name'
system {
    service dockerServiceType
    service ociServiceType, ociConfiguration {
        networks ociNetwork { driver 'bridge' }
    }
}
