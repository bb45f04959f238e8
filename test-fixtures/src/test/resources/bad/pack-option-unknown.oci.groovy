// expect: ${file}:5:5: error: unknown pack option 'colour'; expected one of entryPoint, environment, symlinks, maxLayers, extraFiles
def site = ociImage {
    repository 'site'
    value tarball('site.tar')
    packOptions colour: 'blue'
}
system { service dockerServiceType; service ociServiceType, ociConfiguration { containers ociContainer { image site } } }
