// dockerd without the userland proxy and without iptables rules; containerd with a PATH of the
// user's, which the seed's would not override.
system {
    service dockerServiceType, dockerConfiguration {
        enableProxy false
        enableIptables false
    }
    service containerdServiceType, containerdConfiguration { environmentVariables 'PATH=/usr/sbin:/usr/bin' }
}
