// expect: ${file}:5:9: error: configFile takes plainFile("daemon.json", CONTENT) or localFile(PATH), not a string
system {
    service containerdServiceType
    service dockerServiceType, dockerConfiguration {
        configFile '{"debug": true}'
    }
}
