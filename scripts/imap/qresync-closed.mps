# with QRESYNC enabled, SELECT of another mailbox first reports OK [CLOSED]
id: imap.qresync.closed-code
title: with QRESYNC enabled, SELECT of another mailbox first reports OK [CLOSED]
protocol: imap
ref: RFC 7162 3.2.11
level: MUST
needs: imap
tags: qresync select

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap QRESYNC
require i cap ENABLE
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i a0 ENABLE QRESYNC
expect i tagged a0 OK
send i a1 SELECT mp-${uniq}
expect i tagged a1 OK
send i a2 EXAMINE INBOX
expect i tagged a2 OK
expect i untagged OK /^\* OK \[CLOSED\]/
send i a3 CLOSE
expect i tagged a3 OK
# clean up
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
