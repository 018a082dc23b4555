# A message-number that refers to no message: RETR, LIST, TOP, DELE and
# UIDL are answered -ERR ("-ERR no such message", RFC 1939 5 and 7).
# 4294967295 is far beyond any test maildrop.
id: pop3.retr.no-such-message
title: RETR, LIST, TOP, UIDL and DELE of a message-number beyond the maildrop are answered -ERR
protocol: pop3
ref: RFC 1939 5
level: MUST
needs: pop3
tags: retr

connect p pop3
expect p ok
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok
send p RETR 4294967295
expect p err
send p LIST 4294967295
expect p err
send p TOP 4294967295 0
expect p err
send p UIDL 4294967295
expect p err
send p DELE 4294967295
expect p err
send p STAT
expect p ok
send p QUIT
expect p ok
