# "*" cancels an authentication exchange: the server MUST answer tagged BAD (RFC 9051 6.2.2)
id: imap.auth.cancel
title: a "*" line in answer to the AUTHENTICATE challenge is rejected with a tagged BAD
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
send i *
expect i tagged a2 BAD
send i a3 LOGIN ${user} ${password}
expect i tagged a3 OK within 30
send i a4 LOGOUT
expect i tagged a4 OK
