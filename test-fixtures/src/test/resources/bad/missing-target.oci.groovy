// expect: ${file}:11:5: error: no target of type 'metrics' for service 'exporter'
def metricsServiceType = serviceType {
    name 'metrics'
    description 'A type with no default value.'
}
def exporterServiceType = serviceType {
    name 'exporter'
    extensions serviceExtension(metricsServiceType) { cfg -> [cfg] }
}
system {
    service exporterServiceType, 'node'
}
