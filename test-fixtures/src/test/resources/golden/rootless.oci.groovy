// rootless-podman-service-type with its default value, and subids of its own.
system {
    service rootlessPodmanServiceType, rootlessPodman {
        subuids subidRange { name 'alice'; start 200000; count 65536 }
        subgids subidRange { name 'alice'; start 200000; count 65536 }
    }
}
