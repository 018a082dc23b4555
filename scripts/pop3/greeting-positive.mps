# RFC 1939 4: "Once the TCP connection has been opened by a POP3 client,
# the POP3 server issues a one line greeting.  This can be any positive
# response."  One +OK line, then the session waits for the client: nothing
# more arrives unasked.
id: pop3.greeting.positive-one-line
title: the greeting is one +OK line and nothing else is sent before the client speaks
protocol: pop3
ref: RFC 1939 4
level: MUST
needs: pop3
tags: basic greeting

connect p pop3
expect p ok
expect p silence 500
send p QUIT
expect p ok
expect p closed
