# BODY.PEEK[1] of a multipart message is the first part's body, without the CRLF before the boundary
id: imap.fetch.mime-part
title: BODY.PEEK[1] of a multipart message is the first part's body, without the CRLF before the boundary
protocol: imap
ref: RFC 9051 6.4.5
level: MUST
needs: imap
tags: fetch section mime

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "03-Jan-2024 11:30:00 +0100" {{@data/imap-multipart.eml}}
expect i tagged p3 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a1 FETCH 1 BODY.PEEK[1]
expect i tagged a1 OK
expect i untagged FETCH /BODY\[1\] (\{14\}\r\nPart one text\.|"Part one text\.")/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
