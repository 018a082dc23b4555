# RFC 5034 4: "If the requested authentication mechanism is not supported
# by the server, the server rejects the AUTH command with a negative
# response."
id: pop3.auth.unknown-mechanism
title: AUTH with an unsupported SASL mechanism is answered -ERR
protocol: pop3
ref: RFC 5034 4
level: MUST
needs: pop3
tags: auth sasl

connect p pop3
expect p ok
send p AUTH X-MAILPROBE-NONE
expect p err
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok
send p QUIT
expect p ok
