// Every option of the run invocation, to check the seed's order
// (oci-container-run-invocation, oci-container-configuration->options).
system {
    service rootlessPodmanServiceType
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        user '@USER@'   // the test's user: podman launchers look up its home
        runtimeExtraArguments '--log-level=debug', '--cgroup-manager=cgroupfs'
        containers ociContainer {
            provision 'web'
            image 'docker.io/library/nginx:1.25'
            command '/bin/httpd', '-f', '-p', '80'
            entrypoint '/bin/busybox'
            environment 'LANG=C', [TZ: 'UTC']
            network 'backend'
            containerUser '1000:1000'
            workdir '/srv'
            ports '8080:80', ['10443': '443']
            volumes 'data:/data', ['/srv/shared.txt': '/shared.txt:ro']
            extraArguments '--read-only', '--tmpfs=/tmp'
            shepherdActions shepherdAction {
                name 'reload'
                documentation 'Reload nginx.'
                procedure 'podman', 'exec', 'web', 'nginx', '-s', 'reload'
            }
        }
    }
}
