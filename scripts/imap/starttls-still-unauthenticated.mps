# after STARTTLS the session is still not authenticated; LOGIN over TLS then works
id: imap.starttls.stays-not-authenticated
title: after STARTTLS the session is still not authenticated; LOGIN over TLS then works
protocol: imap
ref: RFC 9051 6.2.1
level: MUST
needs: imap
tags: tls starttls auth

connect i imap
expect i greeting OK
send i a1 CAPABILITY
expect i tagged a1 OK
require i cap STARTTLS
send i a2 STARTTLS
expect i tagged a2 OK
tls i
send i a3 SELECT INBOX
expect i tagged a3 BAD|NO
send i a4 LOGIN ${user} ${password}
expect i tagged a4 OK within 30
send i z3 LOGOUT
expect i tagged z3 OK
