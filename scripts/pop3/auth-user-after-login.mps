# USER may only be given in the AUTHORIZATION state (RFC 1939 7): once
# logged in, USER (and PASS) are refused and the session stays in
# TRANSACTION.
id: pop3.auth.user-after-login
title: USER and PASS in the TRANSACTION state are answered -ERR and the session goes on
protocol: pop3
ref: RFC 1939 7
level: MUST
needs: pop3
tags: auth state

connect p pop3
expect p ok
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok
send p USER ${user}
expect p err
send p PASS ${password}
expect p err
send p STAT
expect p ok /^[0-9]+ [0-9]+/
send p QUIT
expect p ok
