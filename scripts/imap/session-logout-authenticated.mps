# LOGOUT after login: untagged BYE, tagged OK, then the server closes (RFC 9051 6.1.3)
id: imap.session.logout-authenticated
title: LOGOUT in the authenticated state sends BYE before the tagged OK and closes the connection
protocol: imap
ref: RFC 9051 6.1.3
level: MUST
needs: imap
tags: basic session

connect i imap
expect i greeting OK
send i a1 LOGIN ${user} ${password}
expect i tagged a1 OK within 30
send i a2 LOGOUT
expect i line /^\* BYE/
expect i tagged a2 OK
expect i closed
