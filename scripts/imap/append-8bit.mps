# literals carry any octet but NUL (CHAR8): 8-bit message text survives APPEND and FETCH (RFC 9051 4.3)
id: imap.append.8bit-roundtrip
title: a message with 8-bit octets APPENDed in a literal FETCHes back unchanged
protocol: imap
ref: RFC 9051 4.3
level: MUST
needs: imap
tags: append literal 8bit

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "04-Jan-2024 12:00:00 +0000" {{@data/imap-8bit.eml}}
expect i tagged p3 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a1 FETCH 1 BODY.PEEK[]
expect i tagged a1 OK
expect i untagged FETCH /BODY\[\] \{310\}/
expect i body data/imap-8bit.eml
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
