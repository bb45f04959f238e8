// expect: ${file}:1:1: error: the file does not evaluate to a system: its last expression must be system { ... }
def web = ociContainer { image 'redis:7' }
web
