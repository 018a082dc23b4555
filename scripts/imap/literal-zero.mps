# a zero-length literal is an empty string: LIST {0} with an empty reference works
id: imap.literal.zero-length
title: a zero-length literal is an empty string: LIST {0} with an empty reference works
protocol: imap
ref: RFC 9051 4.3
level: MUST
needs: imap
tags: literal

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i a1 LIST {{}} mp-${uniq}
expect i tagged a1 OK
expect i untagged LIST /mp-${uniq}"?\r?$/
# clean up
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
