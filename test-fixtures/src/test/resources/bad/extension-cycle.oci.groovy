// expect: ${file}:11:5: error: cycle of service extensions: a -> b -> a
def a
def b = serviceType {
    name 'b'
    extensions serviceExtension({ a }) { v -> [v] }
    compose { it.flatten() }
    extend { v, exts -> v }
}
a = serviceType { name 'a'; extensions serviceExtension(b) { v -> [v] }, serviceExtension(systemServiceType) { v -> systemServiceType.defaultValue() }; compose { it.flatten() }; extend { v, exts -> v } }
system {
    service a, 'a'
    service b, 'b'
}
