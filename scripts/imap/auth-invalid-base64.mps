# A response with characters outside base64 MUST be rejected with tagged BAD (RFC 9051 6.2.2)
id: imap.auth.invalid-base64
title: an AUTHENTICATE response that is not base64 is rejected with a tagged BAD
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
# the rule is new in IMAP4rev2; RFC 3501 6.2.2 names only the "*" cancel
require i cap IMAP4rev2
send i a2 AUTHENTICATE PLAIN
expect i continue
send i !!not*base64!!
expect i tagged a2 BAD
send i a3 LOGOUT
expect i tagged a3 OK
