# The tagged OK of a SELECT that allows changes carries [READ-WRITE] (RFC 3501 6.3.1: SHOULD)
id: imap.select.read-write-code
title: SELECT of a writable mailbox answers OK [READ-WRITE]
protocol: imap
ref: RFC 3501 6.3.1
level: SHOULD
needs: imap
tags: select

connect i imap
expect i greeting OK
send i a1 LOGIN ${user} ${password}
expect i tagged a1 OK within 30
send i a2 CREATE mp-${uniq}
expect i tagged a2 OK
send i a3 SELECT mp-${uniq}
expect i tagged a3 OK /^a3 OK \[READ-WRITE\]/
send i a4 CLOSE
expect i tagged a4 OK
send i a5 DELETE mp-${uniq}
expect i tagged a5 OK
send i a6 LOGOUT
expect i tagged a6 OK
