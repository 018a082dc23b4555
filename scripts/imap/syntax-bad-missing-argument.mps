# A command without its required argument is a syntax error: BAD (RFC 9051 6.3.2, Result BAD)
id: imap.syntax.bad-missing-argument
title: SELECT, FETCH and LOGIN without their arguments are answered BAD
protocol: imap
ref: RFC 9051 7.1.3
level: MUST
needs: imap
tags: syntax bad

connect i imap
expect i greeting OK
send i a1 LOGIN ${user}
expect i tagged a1 BAD
send i a2 LOGIN ${user} ${password}
expect i tagged a2 OK within 30
send i a3 SELECT
expect i tagged a3 BAD
send i a4 EXAMINE INBOX
expect i tagged a4 OK
send i a5 FETCH 1
expect i tagged a5 BAD
send i a6 LOGOUT
expect i tagged a6 OK
