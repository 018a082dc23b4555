# PASS "may only be given in the AUTHORIZATION state immediately after a
# successful USER command" (RFC 1939 7): PASS first is refused, even with
# the right password, and does not log in.
id: pop3.auth.pass-without-user
title: PASS without a preceding USER is answered -ERR and does not log in
protocol: pop3
ref: RFC 1939 7
level: MUST
needs: pop3
tags: auth state

connect p pop3
expect p ok
send p PASS ${password}
expect p err within 30
send p STAT
expect p err
send p QUIT
expect p ok
