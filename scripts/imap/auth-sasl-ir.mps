# SASL-IR: the initial response on the AUTHENTICATE line, no continuation (RFC 4959 3)
id: imap.auth.sasl-ir
title: with SASL-IR, AUTHENTICATE PLAIN with an initial response completes without a continuation request
protocol: imap
ref: RFC 4959 3
level: MUST
needs: imap
tags: auth sasl sasl-ir

connect i imap
expect i greeting OK
send i a1 CAPABILITY
expect i tagged a1 OK
require i cap SASL-IR
require i cap AUTH=PLAIN
send i a2 AUTHENTICATE PLAIN ${auth_plain}
# a server that sent a continuation here would wait for us: the tagged OK never comes
expect i tagged a2 OK
send i a3 LOGOUT
expect i tagged a3 OK
