# NOOP always succeeds, in every state (RFC 9051 6.1.2)
id: imap.session.noop
title: NOOP is answered OK before login, after login and with a mailbox selected
protocol: imap
ref: RFC 9051 6.1.2
level: MUST
needs: imap
tags: basic session

connect i imap
expect i greeting OK
send i a1 NOOP
expect i tagged a1 OK
send i a2 LOGIN ${user} ${password}
expect i tagged a2 OK within 30
send i a3 NOOP
expect i tagged a3 OK
send i a4 EXAMINE INBOX
expect i tagged a4 OK
send i a5 NOOP
expect i tagged a5 OK
send i a6 LOGOUT
expect i tagged a6 OK
