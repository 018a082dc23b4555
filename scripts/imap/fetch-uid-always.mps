# UID FETCH responses include the UID item even when it was not asked for
id: imap.fetch.uid-fetch-has-uid
title: UID FETCH responses include the UID item even when it was not asked for
protocol: imap
ref: RFC 3501 6.4.8
level: MUST
needs: imap
tags: fetch uid

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
send i a1 FETCH 1 UID
expect i tagged a1 OK
capture i uid /UID ([0-9]+)/
send i a2 UID FETCH ${uid} FLAGS
expect i tagged a2 OK
expect i untagged FETCH /^\* 1 FETCH \(.*UID ${uid}[ )]/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
