# with BINARY, BINARY.PEEK[2] returns the base64 part decoded as a literal8 of 5 octets
id: imap.fetch.binary-decoded
title: with BINARY, BINARY.PEEK[2] returns the base64 part decoded as a literal8 of 5 octets
protocol: imap
ref: RFC 3516 4.2
level: MUST
needs: imap
tags: fetch binary

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap BINARY
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "03-Jan-2024 11:30:00 +0100" {{@data/imap-multipart.eml}}
expect i tagged p3 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a1 FETCH 1 BINARY.PEEK[2]
expect i tagged a1 OK
expect i untagged FETCH /BINARY\[2\] ~\{5\}\r\n/
expect i body data/imap-five.bin
check size MUST RFC 3516 4.2: BINARY.SIZE[2] is the decoded size, 5
send i a2 FETCH 1 BINARY.SIZE[2]
expect i tagged a2 OK
expect i untagged FETCH /BINARY\.SIZE\[2\] 5[ )]/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
