# ENABLE before login is refused: it is valid only in the authenticated state
id: imap.enable.before-login
title: ENABLE before login is refused: it is valid only in the authenticated state
protocol: imap
ref: RFC 5161 3.1
level: MUST
needs: imap
tags: enable state

connect i imap
expect i greeting OK
send i a0 CAPABILITY
expect i tagged a0 OK
require i cap ENABLE
send i a1 ENABLE CONDSTORE
expect i tagged a1 BAD|NO
send i z3 LOGOUT
expect i tagged z3 OK
