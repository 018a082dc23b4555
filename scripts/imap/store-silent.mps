# STORE +FLAGS.SILENT changes the flags without an untagged FETCH
id: imap.store.silent
title: STORE +FLAGS.SILENT changes the flags without an untagged FETCH
protocol: imap
ref: RFC 9051 6.4.6
level: MUST
needs: imap
tags: store flags

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
send i a1 STORE 1 +FLAGS.SILENT (\\Answered)
expect i tagged a1 OK
expect i no-untagged FETCH
check applied MUST RFC 9051 6.4.6: the silent change is made all the same
send i a2 FETCH 1 FLAGS
expect i tagged a2 OK
expect i untagged FETCH /FLAGS \([^)]*\\Answered/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
