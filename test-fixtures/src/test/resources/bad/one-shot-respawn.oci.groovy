// expect: ${file}:5:5: error: a oneShot container cannot respawn: it runs to completion once (remove respawn true)
def c = ociContainer {
    image 'migrate:1'
    oneShot true
    respawn true
}
system { service ociServiceType, ociConfiguration { containers c } }
