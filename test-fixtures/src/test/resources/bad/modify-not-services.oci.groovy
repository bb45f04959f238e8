// expect: ${file}:2:1: error: modifyServices takes services but 42 was found
modifyServices([42]) {
    update(ociServiceType) { cfg -> cfg }
    delete dockerServiceType
}
