# ID with client fields is answered by an untagged ID response (a list or NIL) and OK
id: imap.id.response
title: ID with client fields is answered by an untagged ID response (a list or NIL) and OK
protocol: imap
ref: RFC 2971 3.1
level: MUST
needs: imap
tags: id

connect i imap
expect i greeting OK
send i a0 CAPABILITY
expect i tagged a0 OK
require i cap ID
send i a1 ID ("name" "mailprobe" "version" "1")
expect i tagged a1 OK
expect i untagged ID /^\* ID (NIL|\(.*\))\r?$/
check nil MUST RFC 2971 3.1: ID NIL is accepted as well
send i a2 ID NIL
expect i tagged a2 OK
send i z3 LOGOUT
expect i tagged z3 OK
