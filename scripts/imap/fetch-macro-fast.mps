# FETCH FAST returns FLAGS, INTERNALDATE and RFC822.SIZE
id: imap.fetch.macro-fast
title: FETCH FAST returns FLAGS, INTERNALDATE and RFC822.SIZE
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
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a1 FETCH 1 FAST
expect i tagged a1 OK
expect i untagged FETCH /FLAGS \(/
expect i untagged FETCH /INTERNALDATE "02-Jan-2024 10:00:00 \+0000"/
expect i untagged FETCH /RFC822\.SIZE 322/
check all MUST RFC 9051 6.4.5: FETCH ALL adds ENVELOPE to FAST
send i a2 FETCH 1 ALL
expect i tagged a2 OK
expect i untagged FETCH /ENVELOPE \(/
expect i untagged FETCH /RFC822\.SIZE 322/
check full MUST RFC 9051 6.4.5: FETCH FULL adds BODY to ALL
send i a3 FETCH 1 FULL
expect i tagged a3 OK
expect i untagged FETCH /BODY \("TEXT"/
expect i untagged FETCH /ENVELOPE \(/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
