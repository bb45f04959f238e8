// expect: ${file}:4:9: error: Duplicated subid-range: alice. subid-ranges names should be unique, please remove the duplicate.
system {
    service rootlessPodmanServiceType, rootlessPodman {
        subuids subidRange { name 'alice' }, subidRange { name 'alice'; count 1000 }
    }
}
