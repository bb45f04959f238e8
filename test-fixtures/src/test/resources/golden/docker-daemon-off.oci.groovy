// dockerd without the userland proxy and without iptables rules.
system {
    service dockerServiceType, dockerConfiguration {
        enableProxy false
        enableIptables false
    }
    service containerdServiceType
}
