# FETCH 1:* returns one FETCH response per message, each with its own number
id: imap.fetch.sequence-range
title: FETCH 1:* returns one FETCH response per message, each with its own number
protocol: imap
ref: RFC 9051 6.4.5
level: MUST
needs: imap
tags: fetch

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
send i p5 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p5 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a1 FETCH 1:* (UID RFC822.SIZE)
expect i tagged a1 OK
expect i untagged FETCH /^\* 1 FETCH \(.*RFC822\.SIZE 322/
expect i untagged FETCH /^\* 2 FETCH \(.*RFC822\.SIZE 676/
expect i untagged FETCH /^\* 3 FETCH \(.*RFC822\.SIZE 322/
check star MUST RFC 9051 9: "*" is the number of the last message
send i a2 FETCH * RFC822.SIZE
expect i tagged a2 OK
expect i untagged FETCH /^\* 3 FETCH/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
