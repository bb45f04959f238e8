// expect: ${file}:3:5: error: user account 'alice' is declared twice, differently
system {
    simpleService 'one', accountServiceType, [userAccount { name 'alice'; group 'users'; comment 'one' }]
    simpleService 'two', accountServiceType, [userAccount { name 'alice'; group 'users'; comment 'two' }]
}
