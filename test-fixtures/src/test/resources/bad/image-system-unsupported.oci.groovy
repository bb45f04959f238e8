// expect: ${file}:5:5: error: unsupported system: vax-vms
def site = ociImage {
    repository 'site'
    value tarball('site.tar')
    system 'vax-vms'
}
system { service dockerServiceType; service ociServiceType, ociConfiguration { containers ociContainer { image site } } }
