// One extension declares the same volume twice.
system {
    service dockerServiceType
    service containerdServiceType
    simpleService 'vols', ociServiceType, ociExtension {
        volumes ociVolume { name 'data' },
                ociVolume { name 'data'; labels 'again=yes' }
    }
}
