# CLOSE removes \Deleted messages without untagged EXPUNGE responses
id: imap.close.expunges-silently
title: CLOSE removes \Deleted messages without untagged EXPUNGE responses
protocol: imap
ref: RFC 9051 6.4.1
level: MUST
needs: imap
tags: expunge close

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p4 APPEND mp-${uniq} () "03-Jan-2024 11:30:00 +0100" {{@data/imap-multipart.eml}}
expect i tagged p4 OK
send i a0 SELECT mp-${uniq}
expect i tagged a0 OK
send i a1 STORE 1 +FLAGS.SILENT (\\Deleted)
expect i tagged a1 OK
send i a2 CLOSE
expect i tagged a2 OK
expect i no-untagged EXPUNGE
check removed MUST RFC 9051 6.4.1: the \Deleted message is gone afterwards
send i a3 STATUS mp-${uniq} (MESSAGES)
expect i tagged a3 OK
expect i untagged STATUS /MESSAGES 1\)/
# clean up
send i z0 CLOSE
expect i tagged z0 OK|BAD
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
