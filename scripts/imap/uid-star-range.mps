# a UID range n:* always includes the UID of the last message, even when n is higher than any UID (RFC 9051 6.4.9)
id: imap.uid.range-star-includes-last
title: UID FETCH 999999990:* returns the last message although its UID is lower
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
send i p4 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p4 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a1 UID FETCH 999999990:* UID
expect i tagged a1 OK
expect i untagged FETCH /^\* 2 FETCH \(UID [0-9]+\)/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
