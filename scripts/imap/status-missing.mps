# STATUS of a mailbox that does not exist is answered NO
id: imap.status.missing-mailbox
title: STATUS of a mailbox that does not exist is answered NO
protocol: imap
ref: RFC 9051 6.3.11
level: MUST
needs: imap
tags: status

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i a1 STATUS mp-missing-${uniq} (MESSAGES)
expect i tagged a1 NO
send i z3 LOGOUT
expect i tagged z3 OK
