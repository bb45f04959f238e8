// expect: ${file}:4:5: error: pair members must contain only strings but ("LANG" . 1) was found
def c = ociContainer {
    image 'redis:7'
    environment 'TZ=UTC', [LANG: 1]
}
system { service ociServiceType, ociConfiguration { containers c } }
