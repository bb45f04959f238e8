// expect: ${file}:2:8: error: Unexpected input: '{'
system {
    service ociServiceType
