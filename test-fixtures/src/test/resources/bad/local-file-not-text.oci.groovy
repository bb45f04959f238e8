// expect: ${file}:2:14: error: localFile("/bin/sh") is not UTF-8 text, which a file-like value must be
def config = localFile('/bin/sh')
system {
    service containerdServiceType
    service dockerServiceType, dockerConfiguration { configFile config }
}
