// expect: ${file}:4:65: error: plainFile: a file's name must not be empty, start with '.' or hold a '/': "../daemon.json"
system {
    service containerdServiceType
    service dockerServiceType, dockerConfiguration { configFile plainFile('../daemon.json', '{}') }
}
