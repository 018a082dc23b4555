# SELECT of a mailbox we made with two messages: the REQUIRED responses (RFC 3501 6.3.1, RFC 9051 6.3.2)
id: imap.select.required-responses
title: SELECT sends FLAGS, the right EXISTS, and OK codes PERMANENTFLAGS, UIDNEXT, UIDVALIDITY
protocol: imap
ref: RFC 9051 6.3.2
level: MUST
needs: imap
tags: select

connect i imap
expect i greeting OK
send i a1 LOGIN ${user} ${password}
expect i tagged a1 OK within 30
send i a2 CREATE mp-${uniq}
expect i tagged a2 OK
send i a3 APPEND mp-${uniq} {{@data/imap-plain.eml}}
expect i tagged a3 OK
send i a4 APPEND mp-${uniq} {{@data/imap-multipart.eml}}
expect i tagged a4 OK
send i a5 SELECT mp-${uniq}
expect i tagged a5 OK
check flags MUST RFC 9051 6.3.2: an untagged FLAGS response listing the system flags
expect i untagged FLAGS /^\* FLAGS \(.*\\Seen.*\)/
check exists MUST RFC 9051 6.3.2: an untagged EXISTS with the number of messages (2)
expect i untagged EXISTS /^\* 2 EXISTS/
check permanentflags MUST RFC 9051 6.3.2: an untagged OK [PERMANENTFLAGS (...)]
expect i untagged OK /^\* OK \[PERMANENTFLAGS \(/
check uidnext MUST RFC 9051 6.3.2: an untagged OK [UIDNEXT n]
expect i untagged OK /^\* OK \[UIDNEXT [1-9][0-9]*\]/
check uidvalidity MUST RFC 9051 6.3.2: an untagged OK [UIDVALIDITY n]
expect i untagged OK /^\* OK \[UIDVALIDITY [1-9][0-9]*\]/
check cleanup MUST RFC 9051 6.3.5: the test mailbox is deleted again
send i a6 UNSELECT
expect i tagged a6 OK|BAD
send i a7 DELETE mp-${uniq}
expect i tagged a7 OK
send i a8 LOGOUT
expect i tagged a8 OK
