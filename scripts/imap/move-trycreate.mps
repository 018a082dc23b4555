# MOVE to a missing mailbox fails with NO [TRYCREATE] and leaves the source as it was
id: imap.move.trycreate
title: MOVE to a missing mailbox fails with NO [TRYCREATE] and leaves the source as it was
protocol: imap
ref: RFC 6851 3.3
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
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a1 MOVE 1 mp-missing-${uniq}
expect i tagged a1 NO /\[TRYCREATE\]/
expect i no-untagged EXPUNGE
send i a2 SEARCH ALL
expect i tagged a2 OK
expect i untagged SEARCH /^\* SEARCH 1\r?$/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
