# CREATE INBOX is an error: NO
id: imap.create.inbox-refused
title: CREATE INBOX is an error: NO
protocol: imap
ref: RFC 9051 6.3.4
level: MUST
needs: imap
tags: mailbox create

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i a1 CREATE INBOX
expect i tagged a1 NO
send i z3 LOGOUT
expect i tagged z3 OK
