// expect: ${file}:6:13: error: stopTimeout needs a stop command: it is how long that command may wait for the service to end
system {
    simpleService 'procs', shepherdRootServiceType, [
        shepherdService {
            provision 'queue'; start 'sleep', '100'
            stopTimeout 90
        },
    ]
}
