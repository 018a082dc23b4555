# Greeting, CAPABILITY and LOGOUT (RFC 9051 7.1, 6.1.1, 6.1.3)
id: imap.session.capability-logout
title: OK greeting, CAPABILITY lists IMAP4rev1 or IMAP4rev2, LOGOUT sends BYE then OK and closes
protocol: imap
ref: RFC 9051 6.1.1
level: MUST
needs: imap
tags: basic

connect i imap
expect i greeting OK|PREAUTH
send i a1 CAPABILITY
expect i tagged a1 OK
expect i untagged CAPABILITY /IMAP4rev[12]/
check logout MUST RFC 9051 6.1.3: LOGOUT is answered with an untagged BYE, then OK, then the close
send i a2 LOGOUT
expect i tagged a2 OK
expect i untagged BYE
expect i closed
