// expect: ${file}:4:5: error: shepherd-actions may only be shepherd-action records but reload was found
def c = ociContainer {
    image 'redis:7'
    shepherdActions 'reload'
}
system { service dockerServiceType; service ociServiceType, ociConfiguration { containers c } }
