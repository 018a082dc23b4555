# AUTHENTICATE PLAIN without an initial response: empty "+ " challenge, then the response (RFC 9051 6.2.2, RFC 4616)
id: imap.auth.plain-continuation
title: AUTHENTICATE PLAIN answers with a continuation request and accepts the base64 response
protocol: imap
ref: RFC 9051 6.2.2
level: MUST
needs: imap
tags: auth sasl

connect i imap
expect i greeting OK
send i a1 CAPABILITY
expect i tagged a1 OK
require i cap AUTH=PLAIN
send i a2 AUTHENTICATE PLAIN
expect i continue
send i ${auth_plain}
expect i tagged a2 OK within 30
send i a3 EXAMINE INBOX
expect i tagged a3 OK
send i a4 LOGOUT
expect i tagged a4 OK
