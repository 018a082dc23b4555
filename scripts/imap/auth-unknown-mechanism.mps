# An unsupported mechanism: NO (RFC 9051 6.2.2, Result: NO - unsupported authentication mechanism)
id: imap.auth.unknown-mechanism
title: AUTHENTICATE with a mechanism the server does not support is answered NO, without a continuation
protocol: imap
ref: RFC 9051 6.2.2
level: MUST
needs: imap
tags: auth sasl

connect i imap
expect i greeting OK
send i a1 AUTHENTICATE X-MAILPROBE-NOPE
expect i line /^a1 NO/
send i a2 LOGOUT
expect i tagged a2 OK
