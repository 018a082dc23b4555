# STATUS returns MESSAGES, UNSEEN, UIDNEXT and UIDVALIDITY with the right counts
id: imap.status.items
title: STATUS returns MESSAGES, UNSEEN, UIDNEXT and UIDVALIDITY with the right counts
protocol: imap
ref: RFC 9051 6.3.11
level: MUST
needs: imap
tags: status

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} (\\Seen) {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p4 APPEND mp-${uniq} () {{@data/imap-multipart.eml}}
expect i tagged p4 OK
send i a1 STATUS mp-${uniq} (MESSAGES UNSEEN UIDNEXT UIDVALIDITY)
expect i tagged a1 OK
expect i untagged STATUS /MESSAGES 2[ )]/
expect i untagged STATUS /UNSEEN 1[ )]/
expect i untagged STATUS /UIDNEXT [1-9][0-9]*[ )]/
expect i untagged STATUS /UIDVALIDITY [1-9][0-9]*[ )]/
# clean up
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
