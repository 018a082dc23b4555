# MULTIAPPEND: one APPEND with two messages adds both, in order
id: imap.multiappend.two-messages
title: MULTIAPPEND: one APPEND with two messages adds both, in order
protocol: imap
ref: RFC 3502 3
level: MUST
needs: imap
tags: append multiappend

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap MULTIAPPEND
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a1 APPEND mp-${uniq} {{@data/imap-plain.eml}} (\\Seen) {{@data/imap-multipart.eml}}
expect i tagged a1 OK
send i a2 STATUS mp-${uniq} (MESSAGES)
expect i tagged a2 OK
expect i untagged STATUS /MESSAGES 2/
send i a3 EXAMINE mp-${uniq}
expect i tagged a3 OK
send i a4 FETCH 1:2 RFC822.SIZE
expect i tagged a4 OK
expect i untagged FETCH /^\* 1 FETCH \(RFC822\.SIZE 322\)/
expect i untagged FETCH /^\* 2 FETCH \(RFC822\.SIZE 676\)/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
