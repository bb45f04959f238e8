// expect: ${file}:4:59: error: service 'web' provided more than once
system {
    service dockerServiceType
    service ociServiceType, ociConfiguration { containers ociContainer { image 'redis:7'; provision 'web' } }
    simpleService 'extra', shepherdRootServiceType, [shepherdService { provision 'web'; start '/bin/true' }]
}
