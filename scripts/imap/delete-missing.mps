# DELETE of a mailbox that does not exist is answered NO
id: imap.delete.missing-refused
title: DELETE of a mailbox that does not exist is answered NO
protocol: imap
ref: RFC 9051 6.3.5
level: MUST
needs: imap
tags: mailbox delete

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i a1 DELETE mp-missing-${uniq}
expect i tagged a1 NO
send i z3 LOGOUT
expect i tagged z3 OK
