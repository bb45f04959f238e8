// expect: load-error-inside.lib.groovy:3:5: error: invalid value 7 for field 'tag'
def images = load 'load-error-inside.lib.groovy'
system {
    service dockerServiceType
    service ociServiceType, ociConfiguration {
        containers ociContainer { image images.site }
    }
}
