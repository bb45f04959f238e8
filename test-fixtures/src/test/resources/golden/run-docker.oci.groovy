// The run invocation of run-podman with the docker runtime: no --replace.
// (seed: oci-container-run-invocation adds --replace for podman only)
system {
    service dockerServiceType
    service containerdServiceType
    service ociServiceType, ociConfiguration {
        runtime 'docker'
        runtimeExtraArguments '--log-level=warn'
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
                procedure 'docker', 'exec', 'web', 'nginx', '-s', 'reload'
            }
        }
    }
}
