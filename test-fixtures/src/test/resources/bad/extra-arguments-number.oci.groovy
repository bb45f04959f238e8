// expect: ${file}:5:5: error: extra arguments may only be strings but 42 was found
def c = ociContainer {
    image 'redis:7'
    extraArguments '--env', 'X'
    extraArguments '--cpus', 42
}
system { service ociServiceType, ociConfiguration { containers c } }
