// expect: ${file}:8:5: error: modify-services: service 'docker' not found in service list
def base = system {
    service rootlessPodmanServiceType
    service ociServiceType, ociConfiguration { runtime 'podman' }
}
modifyServices(base) {
    update(ociServiceType) { cfg -> ociConfiguration(cfg) { verbose true } }
    delete dockerServiceType
}
