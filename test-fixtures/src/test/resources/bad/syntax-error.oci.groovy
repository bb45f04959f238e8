// expect: ${file}:3:27: error: missing '}' at the end of the file for the '{' opened at line 2
system {
    service ociServiceType
