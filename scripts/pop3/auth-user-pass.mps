# USER then PASS with the right password: +OK to both, and the session is in
# TRANSACTION (STAT answers a drop listing).  RFC 1939 7 (USER, PASS):
# "If the POP3 server responds with a positive status indicator ... the
# POP3 session enters the TRANSACTION state" (PASS, "+OK maildrop locked and
# ready").
id: pop3.auth.user-pass
title: USER and PASS with valid credentials enter the TRANSACTION state (STAT answers +OK nn mm)
protocol: pop3
ref: RFC 1939 7
level: MUST
needs: pop3
tags: auth

connect p pop3
expect p ok
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok
send p STAT
expect p ok /^[0-9]+ [0-9]+/
send p QUIT
expect p ok
expect p closed
