# LITERAL-: a non-synchronising literal of at most 4096 octets is accepted
id: imap.literal.minus-small
title: LITERAL-: a non-synchronising literal of at most 4096 octets is accepted
protocol: imap
ref: RFC 7888 4
level: MUST
needs: imap
tags: literal literal-minus

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap LITERAL-
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i a1 APPEND mp-${uniq} {{-@data/imap-plain.eml}}
expect i tagged a1 OK
# clean up
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
