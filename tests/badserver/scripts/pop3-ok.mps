# badserver --mode pop3-ok: a minimal correct POP3 server with one message.
id: badserver.pop3-ok
title: a correct POP3 dialogue passes
protocol: pop3
ref: RFC 1939 5
level: MUST
needs: pop3
timeout: 20

connect c pop3
expect c ok
send c CAPA
expect c ok multiline
send c STAT
expect c err
send c USER tester
expect c ok
send c PASS secret
expect c ok
send c STAT
expect c ok /^1 [0-9]+/
send c LIST
expect c ok multiline
send c UIDL 1
expect c ok /badserver-1/
send c RETR 1
expect c ok multiline
send c TOP 1 0
expect c ok multiline
send c RETR 2
expect c err
send c QUIT
expect c ok
expect c closed
