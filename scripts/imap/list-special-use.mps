# with SPECIAL-USE, LIST RETURN (SPECIAL-USE) is accepted and only special-use attributes are added
id: imap.special-use.return-option
title: with SPECIAL-USE, LIST RETURN (SPECIAL-USE) is accepted and only special-use attributes are added
protocol: imap
ref: RFC 6154 2
level: MUST
needs: imap
tags: list special-use

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap SPECIAL-USE
send i a1 LIST "" "*" RETURN (SPECIAL-USE)
expect i tagged a1 OK
check selection MUST RFC 6154 2: LIST (SPECIAL-USE) "" "*" is accepted
send i a2 LIST (SPECIAL-USE) "" "*"
expect i tagged a2 OK
send i z3 LOGOUT
expect i tagged z3 OK
