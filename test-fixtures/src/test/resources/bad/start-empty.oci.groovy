// expect: ${file}:4:42: error: a command must be a non-empty list of strings, the program first, but () was found
system {
    simpleService 'procs', shepherdRootServiceType, [
        shepherdService { provision 'x'; start() },
    ]
}
