// expect: ${file}:11:20: error: Duplicated container: cache. Names of container should be unique, please remove the duplicate.
system {
    service dockerServiceType
    service ociServiceType
    simpleService 'first', ociServiceType, ociExtension {
        containers ociContainer { image 'redis:7'; provision 'cache' }
    }
    simpleService 'second', ociServiceType, ociExtension {
        containers ociContainer { image 'memcached:1' ; provision 'web' },
                   // the duplicate:
                   ociContainer { image 'redis:6'; provision 'cache' }
    }
}
