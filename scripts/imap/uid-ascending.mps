# UIDs are assigned in ascending order: the later APPEND has the larger UID
id: imap.uid.strictly-ascending
title: UIDs are assigned in ascending order: the later APPEND has the larger UID
protocol: imap
ref: RFC 9051 2.3.1.1
level: MUST
needs: imap
tags: uid

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p4 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p4 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a1 FETCH 1 UID
expect i tagged a1 OK
capture i uid1 /UID ([0-9]+)/
# UID SEARCH UID 1:uid1 can hold message 2 only if its UID is not greater
send i a2 UID SEARCH UID 1:${uid1}
expect i tagged a2 OK
expect i untagged SEARCH /^\* SEARCH ${uid1}\r?$/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
