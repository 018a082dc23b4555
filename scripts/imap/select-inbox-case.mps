# INBOX is case-insensitive (RFC 9051 5.1)
id: imap.select.inbox-any-case
title: EXAMINE inbox and EXAMINE InBoX open INBOX
protocol: imap
ref: RFC 9051 5.1
level: MUST
needs: imap
tags: select mailbox-name

connect i imap
expect i greeting OK
send i a1 LOGIN ${user} ${password}
expect i tagged a1 OK within 30
send i a2 EXAMINE inbox
expect i tagged a2 OK
send i a3 EXAMINE InBoX
expect i tagged a3 OK
send i a4 LOGOUT
expect i tagged a4 OK
