// expect: ${file}:6:5: error: more than one target service of type 'oci'
system {
    service dockerServiceType
    service ociServiceType
    service ociServiceType, ociConfiguration { verbose true }
    simpleService 'extra', ociServiceType, ociExtension { volumes ociVolume { name 'v' } }
}
