// expect: ${file}:8:5: error: modify-services: service 'oci' was deleted here: ${file}:7:5
def base = system {
    service dockerServiceType
    service ociServiceType
}
modifyServices(base) {
    delete ociServiceType
    update(ociServiceType) { cfg -> cfg }
}
