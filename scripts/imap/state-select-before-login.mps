# SELECT is valid only in the authenticated or selected state (RFC 9051 6.3, 3)
id: imap.state.select-before-login
title: SELECT and LIST before login are refused (BAD or NO), never OK
protocol: imap
ref: RFC 9051 3.1
level: MUST
needs: imap
tags: state

connect i imap
expect i greeting OK
send i a1 SELECT INBOX
expect i tagged a1 BAD|NO
send i a2 LIST "" "*"
expect i tagged a2 BAD|NO
# (Dovecot closes after three invalid commands before login: keep to two)
send i a4 LOGOUT
expect i tagged a4 OK
