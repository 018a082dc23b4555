# when LOGINDISABLED is announced, LOGIN is refused; after STARTTLS it works
id: imap.auth.logindisabled-login-refused
title: when LOGINDISABLED is announced, LOGIN is refused; after STARTTLS it works
protocol: imap
ref: RFC 9051 6.2.3
level: MUST
needs: imap
tags: auth tls logindisabled

connect i imap
expect i greeting OK
send i a1 CAPABILITY
expect i tagged a1 OK
require i cap LOGINDISABLED
send i a2 LOGIN ${user} ${password}
expect i tagged a2 NO|BAD
check after-tls MUST RFC 9051 6.2.1: once TLS is up the capabilities are asked again and LOGIN works
send i a3 STARTTLS
expect i tagged a3 OK
tls i
send i a4 CAPABILITY
expect i tagged a4 OK
send i a5 LOGIN ${user} ${password}
expect i tagged a5 OK within 30
send i z3 LOGOUT
expect i tagged z3 OK
