# with BINARY, APPEND takes a literal8 holding NUL octets and BINARY[1] returns them
id: imap.binary.append-literal8
title: with BINARY, APPEND takes a literal8 holding NUL octets and BINARY[1] returns them
protocol: imap
ref: RFC 3516 4.4
level: MUST
needs: imap
tags: append literal binary

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap BINARY
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i a1 APPEND mp-${uniq} {{~@data/imap-binary.eml}}
expect i tagged a1 OK
send i a2 SELECT mp-${uniq}
expect i tagged a2 OK
send i a3 FETCH 1 BINARY.SIZE[1]
expect i tagged a3 OK
expect i untagged FETCH /BINARY\.SIZE\[1\] 17[ )]/
send i a4 CLOSE
expect i tagged a4 OK
# clean up
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
