// expect: ${file}:6:13: error: stopTimeout must be a whole number of at least 1, not 0
system {
    simpleService 'procs', shepherdRootServiceType, [
        shepherdService {
            provision 'queue'; start 'sleep', '100'; stop 'true'
            stopTimeout 0
        },
    ]
}
