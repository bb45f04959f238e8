// expect: ${file}:2:12: error: oci-image: missing value for required field 'value'
def site = ociImage { repository 'site' }
system { service dockerServiceType; service ociServiceType, ociConfiguration { containers ociContainer { image site } } }
