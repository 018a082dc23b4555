# RFC 3501 9 (seq-number): the server should respond with a tagged BAD to a message sequence number greater than the number of messages
id: imap.fetch.sequence-beyond-end
title: FETCH of a message number greater than the number of messages is answered BAD
protocol: imap
ref: RFC 3501 9
level: SHOULD
needs: imap
tags: fetch

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
send i a1 FETCH 5 FLAGS
expect i tagged a1 BAD
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
