# AUTH "Restrictions: may only be given in the AUTHORIZATION state"
# (RFC 5034 4): once in TRANSACTION a second AUTH is refused.
id: pop3.auth.auth-after-login
title: AUTH in the TRANSACTION state is answered -ERR and the session goes on
protocol: pop3
ref: RFC 5034 4
level: MUST
needs: pop3
tags: auth sasl state

connect p pop3
expect p ok
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok
send p AUTH PLAIN ${auth_plain}
expect p err
send p STAT
expect p ok /^[0-9]+ [0-9]+/
send p QUIT
expect p ok
