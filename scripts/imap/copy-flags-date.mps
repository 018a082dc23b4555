# COPY keeps the flags and the internal date of the message
id: imap.copy.keeps-flags-and-date
title: COPY keeps the flags and the internal date of the message
protocol: imap
ref: RFC 9051 6.4.7
level: SHOULD
needs: imap
tags: copy

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} (\\Flagged $MPCopied) "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a0 CREATE mp-${uniq}-dst
expect i tagged a0 OK
send i a1 COPY 1 mp-${uniq}-dst
expect i tagged a1 OK
send i a2 EXAMINE mp-${uniq}-dst
expect i tagged a2 OK
send i a3 FETCH 1 (FLAGS INTERNALDATE)
expect i tagged a3 OK
expect i untagged FETCH /\\Flagged/
expect i untagged FETCH /\$MPCopied/
expect i untagged FETCH /INTERNALDATE "02-Jan-2024 10:00:00 \+0000"/
send i a4 SELECT mp-${uniq}
expect i tagged a4 OK
send i a5 DELETE mp-${uniq}-dst
expect i tagged a5 OK
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
