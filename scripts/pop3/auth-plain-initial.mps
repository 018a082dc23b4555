# AUTH with a SASL initial response (RFC 5034 4: "AUTH mechanism
# [initial-response]"); PLAIN (RFC 4616) with the right credentials ends
# in +OK and the TRANSACTION state.
id: pop3.auth.plain-initial-response
title: AUTH PLAIN with an initial response logs in (+OK, then STAT works)
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
send p AUTH PLAIN ${auth_plain}
expect p ok
send p STAT
expect p ok /^[0-9]+ [0-9]+/
send p QUIT
expect p ok
