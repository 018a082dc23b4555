# APPEND with a date-time: the internal date SHOULD be set to it (RFC 9051 6.3.12); FETCH INTERNALDATE shows it
id: imap.fetch.internaldate-from-append
title: the date-time given to APPEND comes back as INTERNALDATE
protocol: imap
ref: RFC 9051 6.3.12
level: SHOULD
needs: imap
tags: fetch append

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
send i a1 FETCH 1 INTERNALDATE
expect i tagged a1 OK
expect i untagged FETCH /INTERNALDATE "02-Jan-2024 10:00:00 \+0000"/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
