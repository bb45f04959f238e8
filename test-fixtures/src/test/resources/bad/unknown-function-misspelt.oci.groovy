// expect: ${file}:2:1: error: unknown function 'sytem'; did you mean 'system'?
sytem {
    service dockerServiceType
}
