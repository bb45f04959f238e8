// expect: ${file}:2:12: error: cannot read 'nope.oci.groovy': no such file
def base = load 'nope.oci.groovy'
system(base) { }
