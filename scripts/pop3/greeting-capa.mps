# Greeting, CAPA (RFC 2449 5) and QUIT (RFC 1939 6)
id: pop3.session.greeting-capa-quit
title: +OK greeting, CAPA lists capabilities, QUIT is +OK and the server closes
protocol: pop3
ref: RFC 1939 4
level: MUST
needs: pop3
tags: basic

connect p pop3
expect p ok
check capa MUST RFC 2449 5: CAPA answers +OK and a multi-line list
send p CAPA
expect p ok multiline
require p cap USER
check quit MUST RFC 1939 6: QUIT in AUTHORIZATION is +OK, then the server closes
send p QUIT
expect p ok
expect p closed
