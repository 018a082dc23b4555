# RFC 2595 4 (STLS): "Restrictions: Only permitted in AUTHORIZATION state."
# After login it must be refused and the session goes on in clear.
id: pop3.stls.after-login-refused
title: STLS in the TRANSACTION state is answered -ERR and the session goes on
protocol: pop3
ref: RFC 2595 4
level: MUST
needs: pop3
tags: stls state

connect p pop3
expect p ok
send p CAPA
expect p ok multiline
require p cap STLS
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok
send p STLS
expect p err
send p STAT
expect p ok /^[0-9]+ [0-9]+/
send p QUIT
expect p ok
