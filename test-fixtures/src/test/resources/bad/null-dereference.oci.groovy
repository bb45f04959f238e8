// expect: ${file}:4:1: error: Cannot invoke method trim() on null object
def settings = [:]
def name = settings.name
name.trim()
system { }
