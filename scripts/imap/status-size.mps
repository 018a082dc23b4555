# with STATUS=SIZE, STATUS (SIZE) is the total of the messages RFC822.SIZE (322 + 676)
id: imap.status.size
title: with STATUS=SIZE, STATUS (SIZE) is the total of the messages RFC822.SIZE (322 + 676)
protocol: imap
ref: RFC 8438 3
level: MUST
needs: imap
tags: status status-size

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap STATUS=SIZE
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p4 APPEND mp-${uniq} () "03-Jan-2024 11:30:00 +0100" {{@data/imap-multipart.eml}}
expect i tagged p4 OK
send i a1 STATUS mp-${uniq} (SIZE)
expect i tagged a1 OK
expect i untagged STATUS /SIZE 998\)/
# clean up
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
