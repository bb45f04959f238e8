// expect: ${file}:6:9: error: no grafana image configured
def monitoringServiceType = serviceType {
    name 'monitoring'
    extensions serviceExtension(ociServiceType) { cfg ->
        if (!cfg.image)
        throw new IllegalStateException('no grafana image configured')
        ociExtension { containers ociContainer { image cfg.image } }
    }
    defaultValue([image: null])
}
system {
    service dockerServiceType
    service monitoringServiceType
}
