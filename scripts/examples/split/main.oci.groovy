// main.oci.groovy — configuration split across files: load returns the value of another file.
def base = load 'base.oci.groovy'

system(base.system) {
    simpleService 'staging', ociServiceType, ociExtension {
        containers ociContainer(base.web) {      // Guix's (inherit web)
            provision 'web-staging'
            ports '9090:80'
        }
    }
}
