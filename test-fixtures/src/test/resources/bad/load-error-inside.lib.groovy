def site = ociImage {
    repository 'site'
    tag 7
    value tarball('site.tar')
}
[site: site]
