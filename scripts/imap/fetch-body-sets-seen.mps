# BODY[] implicitly sets \Seen (RFC 9051 6.4.5)
id: imap.fetch.body-sets-seen
title: FETCH BODY[] sets \Seen on the message
protocol: imap
ref: RFC 9051 6.4.5
level: MUST
needs: imap
tags: fetch seen

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
send i a1 FETCH 1 BODY[]
expect i tagged a1 OK
send i a2 FETCH 1 FLAGS
expect i tagged a2 OK
expect i untagged FETCH /FLAGS \([^)]*\\Seen/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
