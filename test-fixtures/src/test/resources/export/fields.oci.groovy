// Every field of ociContainer (ociHealthCheck's too), ociNetwork and ociVolume, exported (ExportTest). The expected
// fields/compose.yaml and fields/kubernetes.yaml are written from the Compose specification and
// the Kubernetes API reference (core/v1), not from ocidsl's output; the warnings name what each
// target cannot express.
def site = ociImage {
    repository 'site'
    tag '1.0'
    value tarball('site.tar')
}

system {
    service rootlessPodmanServiceType
    service ociServiceType, ociConfiguration {
        runtime 'podman'
        networks ociNetwork {
            name 'backend'
            driver 'bridge'
            gateway '10.89.7.1'
            internal true
            ipRange '10.89.7.128/25'
            ipamDriver 'host-local'
            ipv6 true
            subnet '10.89.7.0/24'
            labels 'tier=back', [owner: 'ops']
            extraArguments '--opt', 'mtu=1400'
        }
        volumes ociVolume {
            name 'data'
            labels 'tier=back', [keep: 'yes']
            extraArguments '--driver', 'local'
        }
        containers ociContainer {
            provision 'db'
            image 'docker.io/library/postgres:16'
            network 'backend'
            volumes 'data:/var/lib/postgresql/data'
            hostEnvironment POSTGRES_PASSWORD: 'never-exported'
            extraArguments '--env', 'POSTGRES_PASSWORD'
            containerUser 'postgres'
            respawn true
            healthCheck ociHealthCheck {
                command 'pg_isready', '-U', 'postgres'
                interval 2.5
                timeout 5
                retries 4
                startPeriod 30
            }
            stopTimeout 60
            stopSignal 'SIGINT'
        }
        containers ociContainer {
            provision 'migrate'
            image 'docker.io/library/postgres:16'
            oneShot true
            command 'sh', '-c', 'echo migrated'
            volumes 'data:/data'
            requirement 'db'
        }
        containers ociContainer {
            provision 'web'
            image site
            entrypoint '/bin/httpd'
            command '-f', '-p', '80', '-h', '/www'
            environment 'LANG=C', [PRICE: '$5 $(not a reference)']
            network 'backend'
            ports '8080:80', ['10443': '443'], '127.0.0.1:5353:53/udp'
            volumes 'data:/data:ro', '/cache', ['/srv/site': '/www']
            containerUser '1000:100'
            workdir '/www'
            requirement 'db', 'migrate'
        }
        containers ociContainer {
            provision 'tool'
            image 'docker.io/library/busybox:1.36'
            user 'oci-container'
            group 'users'
            logFile '/var/log/tool.log'
            autoStart false
            network 'host'
            shepherdActions shepherdAction { name 'hello'; documentation 'Says hello.'; procedure 'echo', 'hello' }
            hostEnvironment TOKEN: 'never-exported'
            environment 'TERM'
            extraArguments '--cap-add', 'NET_ADMIN'
        }
    }
}
