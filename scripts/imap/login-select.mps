# LOGIN then SELECT: FLAGS, EXISTS, UIDVALIDITY and a READ-WRITE OK (RFC 9051 6.3.2)
id: imap.select.inbox
title: SELECT INBOX sends FLAGS, EXISTS, the UIDVALIDITY code and OK [READ-WRITE]
protocol: imap
ref: RFC 9051 6.3.2
level: MUST
needs: imap
tags: auth

connect i imap
expect i greeting OK
send i a1 LOGIN ${user} ${password}
expect i tagged a1 OK within 30
send i a2 SELECT INBOX
expect i tagged a2 OK /\[READ-WRITE\]/
expect i untagged FLAGS
expect i untagged EXISTS
expect i untagged OK /\[UIDVALIDITY [0-9]+\]/
send i a3 LOGOUT
expect i tagged a3 OK
