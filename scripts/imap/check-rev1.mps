# CHECK in the selected state is answered OK (IMAP4rev1)
id: imap.check.ok
title: CHECK in the selected state is answered OK (IMAP4rev1)
protocol: imap
ref: RFC 3501 6.4.1
level: MUST
needs: imap
tags: rev1

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap IMAP4rev1
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a1 CHECK
expect i tagged a1 OK
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
