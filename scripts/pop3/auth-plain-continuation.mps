# AUTH PLAIN without an initial response: PLAIN is client-first, so the
# server sends an empty challenge "+ " (RFC 5034 4: "the server ... issue a
# challenge ... a line consisting of a "+" and a space"; an empty challenge
# is "+ " followed by nothing), the client answers with base64.
id: pop3.auth.plain-continuation
title: AUTH PLAIN without initial response gets a "+ " continuation, the base64 answer logs in
protocol: pop3
ref: RFC 5034 4
level: MUST
needs: pop3
tags: auth sasl

connect p pop3
expect p ok
send p CAPA
expect p ok multiline
require p cap SASL
send p AUTH PLAIN
expect p continue
send p ${auth_plain}
expect p ok
send p STAT
expect p ok /^[0-9]+ [0-9]+/
send p QUIT
expect p ok
