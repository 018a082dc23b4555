# NOOP in TRANSACTION: "The POP3 server does nothing, it merely replies
# with a positive response." (RFC 1939 5)
id: pop3.noop.transaction
title: NOOP after login is answered +OK
protocol: pop3
ref: RFC 1939 5
level: MUST
needs: pop3
tags: basic

connect p pop3
expect p ok
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok
send p NOOP
expect p ok
send p NOOP
expect p ok
send p QUIT
expect p ok
expect p closed
