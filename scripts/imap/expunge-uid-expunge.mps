# UID EXPUNGE removes only the \Deleted messages whose UIDs are named
id: imap.uidplus.uid-expunge
title: UID EXPUNGE removes only the \Deleted messages whose UIDs are named
protocol: imap
ref: RFC 4315 2.1
level: MUST
needs: imap
tags: expunge uidplus

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap UIDPLUS
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p4 APPEND mp-${uniq} () "03-Jan-2024 11:30:00 +0100" {{@data/imap-multipart.eml}}
expect i tagged p4 OK
send i p5 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p5 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a1 FETCH 2 UID
expect i tagged a1 OK
capture i uid2 /UID ([0-9]+)/
send i a2 STORE 1:3 +FLAGS.SILENT (\\Deleted)
expect i tagged a2 OK
send i a3 UID EXPUNGE ${uid2}
expect i tagged a3 OK
expect i untagged EXPUNGE /^\* 2 EXPUNGE/
send i a4 SEARCH ALL
expect i tagged a4 OK
expect i untagged SEARCH /^\* SEARCH 1 2\r?$/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
