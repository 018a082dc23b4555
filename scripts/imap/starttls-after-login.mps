# STARTTLS after LOGIN is refused: it is valid only in the not authenticated state
id: imap.starttls.after-login-refused
title: STARTTLS after LOGIN is refused: it is valid only in the not authenticated state
protocol: imap
ref: RFC 9051 6.2.1
level: MUST
needs: imap
tags: tls starttls state

connect i imap
expect i greeting OK
send i a1 CAPABILITY
expect i tagged a1 OK
require i cap STARTTLS
send i a2 LOGIN ${user} ${password}
expect i tagged a2 OK within 30
send i a3 STARTTLS
expect i tagged a3 BAD|NO
send i z3 LOGOUT
expect i tagged z3 OK
