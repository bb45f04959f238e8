// expect: ${file}:3:5: error: service 'app-user' extends account, which needs a system (root) configuration: it creates users and groups; a home system cannot have it
system {
    simpleService 'app-user', accountServiceType, [userAccount { name 'app'; group 'users' }]
}
