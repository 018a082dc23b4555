# a non-existent unique identifier is ignored without any error message (RFC 9051 6.4.9)
id: imap.uid.fetch-missing-ignored
title: UID FETCH of a UID that does not exist is OK with no FETCH response
protocol: imap
ref: RFC 9051 6.4.9
level: MUST
needs: imap
tags: uid fetch

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a1 UID FETCH 999999990 FLAGS
expect i tagged a1 OK
expect i no-untagged FETCH
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
