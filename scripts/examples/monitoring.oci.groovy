// monitoring.oci.groovy — a service type of our own, defined exactly like Guix's, then a system
// modified with modifyServices (../shared/DSL.md, section 3).
def monitoringServiceType = serviceType {
    name 'monitoring'
    description 'Grafana with its data volume.'
    extensions serviceExtension(ociServiceType) { cfg ->
        ociExtension {
            volumes ociVolume { name 'grafana-data' }
            containers ociContainer { image cfg.image; volumes 'grafana-data:/var/lib/grafana' }
        }
    }
    compose { values -> values.flatten() }       // optional
    extend { cfg, extensions -> cfg }            // optional
    defaultValue([image: 'grafana/grafana:10.4.2'])
}

def base = system {
    service dockerServiceType
    service containerdServiceType
    service ociServiceType, ociConfiguration { runtime 'docker' }
    service monitoringServiceType
}

modifyServices(base) {
    delete containerdServiceType
    update(ociServiceType) { cfg -> ociConfiguration(cfg) { verbose true } }
    update(dockerServiceType) { cfg -> dockerConfiguration(cfg) { external true } }
}
