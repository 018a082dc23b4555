# STORE in a mailbox opened with EXAMINE changes nothing (whatever its status)
id: imap.store.read-only
title: STORE in a mailbox opened with EXAMINE changes nothing (whatever its status)
protocol: imap
ref: RFC 9051 6.3.3
level: MUST
needs: imap
tags: store examine

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p9 EXAMINE mp-${uniq}
expect i tagged p9 OK
send i a1 STORE 1 +FLAGS (\\Flagged)
expect i tagged a1 OK|NO|BAD
send i a2 SELECT mp-${uniq}
expect i tagged a2 OK
send i a3 FETCH 1 FLAGS
expect i tagged a3 OK
expect i untagged FETCH /FLAGS \((\\Recent)?\)/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
