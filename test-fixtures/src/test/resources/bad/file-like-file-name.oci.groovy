// expect: ${file}:3:57: error: containersPolicy: "policy.json" looks like a path, not a file's content: write localFile("policy.json") to use that file
system {
    service rootlessPodmanServiceType, rootlessPodman { containersPolicy 'policy.json' }
}
