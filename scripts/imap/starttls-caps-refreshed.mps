# after STARTTLS a CAPABILITY command is answered anew over TLS, still listing IMAP4rev1 or IMAP4rev2
id: imap.starttls.capability-after
title: after STARTTLS a CAPABILITY command is answered anew over TLS, still listing IMAP4rev1 or IMAP4rev2
protocol: imap
ref: RFC 9051 6.2.1
level: MUST
needs: imap
tags: tls starttls

connect i imap
expect i greeting OK
send i a1 CAPABILITY
expect i tagged a1 OK
require i cap STARTTLS
send i a2 STARTTLS
expect i tagged a2 OK
tls i
send i a3 CAPABILITY
expect i tagged a3 OK
expect i untagged CAPABILITY /IMAP4rev[12]/
send i z3 LOGOUT
expect i tagged z3 OK
