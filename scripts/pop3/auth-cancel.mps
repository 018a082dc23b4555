# RFC 5034 4: "If the client wishes to cancel the authentication exchange,
# it issues a line with a single "*".  If the server receives such a
# response, it MUST reject the AUTH command by sending a -ERR reply."
id: pop3.auth.cancel
title: a "*" line during AUTH cancels it with -ERR and the session stays in AUTHORIZATION
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
send p *
expect p err within 30
check still-auth MUST RFC 5034 4: after the rejected AUTH the client may authenticate again
send p AUTH PLAIN ${auth_plain}
expect p ok
send p QUIT
expect p ok
