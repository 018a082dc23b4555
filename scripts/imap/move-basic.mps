# MOVE puts the message into the destination and expunges it from the source
id: imap.move.basic
title: MOVE puts the message into the destination and expunges it from the source
protocol: imap
ref: RFC 6851 3.1
level: MUST
needs: imap
tags: move

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap MOVE
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p4 APPEND mp-${uniq} () "03-Jan-2024 11:30:00 +0100" {{@data/imap-multipart.eml}}
expect i tagged p4 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a0 CREATE mp-${uniq}-dst
expect i tagged a0 OK
send i a1 MOVE 1 mp-${uniq}-dst
expect i tagged a1 OK
expect i untagged EXPUNGE /^\* 1 EXPUNGE/
send i a2 STATUS mp-${uniq}-dst (MESSAGES)
expect i tagged a2 OK
expect i untagged STATUS /MESSAGES 1\)/
send i a3 SEARCH ALL
expect i tagged a3 OK
expect i untagged SEARCH /^\* SEARCH 1\r?$/
send i a4 DELETE mp-${uniq}-dst
expect i tagged a4 OK
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
