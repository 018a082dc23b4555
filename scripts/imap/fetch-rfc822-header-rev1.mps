# IMAP4rev1 RFC822.HEADER is BODY.PEEK[HEADER]: same octets, \Seen not set
id: imap.fetch.rfc822-header-no-seen
title: IMAP4rev1 RFC822.HEADER is BODY.PEEK[HEADER]: same octets, \Seen not set
protocol: imap
ref: RFC 3501 6.4.5
level: MUST
needs: imap
tags: fetch seen rev1

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap IMAP4rev1
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a1 FETCH 1 RFC822.HEADER
expect i tagged a1 OK
expect i untagged FETCH /RFC822\.HEADER/
expect i body data/imap-plain-header.txt
send i a2 FETCH 1 FLAGS
expect i tagged a2 OK
expect i untagged FETCH /FLAGS \((\\Recent)?\)/
check rfc822-text MUST RFC 3501 6.4.5: RFC822.TEXT is BODY[TEXT]: the body, and it sets \Seen
send i a3 FETCH 1 RFC822.TEXT
expect i tagged a3 OK
expect i body data/imap-plain-text.txt
send i a4 FETCH 1 FLAGS
expect i tagged a4 OK
expect i untagged FETCH /FLAGS \([^)]*\\Seen/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
