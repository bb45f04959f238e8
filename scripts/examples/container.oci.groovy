// container.oci.groovy — a system of plain processes, made to run in a system container:
//   sudo scripts/ocidsl container scripts/examples/container.oci.groovy
// It prints the container's PID N; 'scripts/ocidsl container exec N -- busybox wget -qO- localhost:8080'
// fetches the page from inside, and Ctrl-C stops every service and removes the namespaces.
// With --network, the server listens on the host's network.
system {
    simpleService 'www-account', accountServiceType, [userAccount { name 'www'; group 'users'; comment 'web server' }]
    simpleService 'site', shepherdRootServiceType, [
        shepherdService {
            provision 'content'
            documentation 'Writes the page the server serves.'
            oneShot true
            start 'sh', '-c', 'mkdir -p /srv/www && echo "Hello from $(hostname)" > /srv/www/index.html && echo "wrote /srv/www/index.html"'
        },
        shepherdService {
            provision 'httpd'
            requirement 'content'
            documentation 'busybox httpd on port 8080, as the user www.'
            user 'www'
            group 'users'
            respawn true
            start '/bin/busybox', 'httpd', '-f', '-p', '8080', '-h', '/srv/www'
        },
        shepherdService {
            provision 'clock'
            documentation 'Writes the time to /run/clock every second.'
            start 'sh', '-c', 'while true; do date > /run/clock; sleep 1; done'
        },
    ]
}
