// expect: ${file}:3:5: error: service 'limits' extends pam-limits, which needs a system (root) configuration: it installs PAM limits under /etc; a home system cannot have it
system {
    simpleService 'limits', pamLimitsServiceType, [pamLimitsEntry('*', 'both', 'nofile', 100000)]
}
