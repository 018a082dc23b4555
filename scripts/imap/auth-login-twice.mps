# LOGIN is valid only in the not authenticated state (RFC 9051 6.2)
id: imap.auth.login-twice
title: a second LOGIN after a successful one is refused
protocol: imap
ref: RFC 9051 6.2
level: MUST
needs: imap
tags: auth state

connect i imap
expect i greeting OK
send i a1 LOGIN ${user} ${password}
expect i tagged a1 OK within 30
send i a2 LOGIN ${user} ${password}
expect i tagged a2 BAD|NO
send i a3 LOGOUT
expect i tagged a3 OK
