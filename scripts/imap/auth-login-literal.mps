# LOGIN with the password as a synchronising literal (RFC 9051 6.2.3, 4.3)
id: imap.auth.login-literal
title: LOGIN with a synchronising literal password gets a + continuation and succeeds
protocol: imap
ref: RFC 9051 4.3
level: MUST
needs: imap
tags: auth literal

connect i imap
expect i greeting OK
send i a1 LOGIN ${user} {{${password}}}
expect i tagged a1 OK within 30
send i a2 LOGOUT
expect i tagged a2 OK
