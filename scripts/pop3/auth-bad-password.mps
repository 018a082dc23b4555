# A wrong password is refused (PASS "-ERR invalid password", RFC 1939 7) and
# the session stays in AUTHORIZATION: USER "may only be given in the
# AUTHORIZATION state after the POP3 greeting or after an unsuccessful USER
# or PASS command", so USER/PASS can be tried again and then succeed.
id: pop3.auth.bad-password
title: PASS with a wrong password is -ERR; a new USER/PASS in the same session then logs in
protocol: pop3
ref: RFC 1939 7
level: MUST
needs: pop3
tags: auth
timeout: 60

connect p pop3
expect p ok
send p USER ${user}
expect p ok
send p PASS wrong-${uniq}
expect p err within 30
send p STAT
expect p err
check retry MUST RFC 1939 7: USER is allowed after an unsuccessful PASS, and the right password then logs in
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok
send p STAT
expect p ok /^[0-9]+ [0-9]+/
send p QUIT
expect p ok
