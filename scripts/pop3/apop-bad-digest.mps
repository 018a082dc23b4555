# APOP with a digest that cannot be right (RFC 1939 7: "If the POP3 server
# ... the digest ... does not match, the server responds with a negative
# status"; possible responses "+OK maildrop locked and ready" / "-ERR
# permission denied").  A server without APOP answers -ERR too.  Either way
# no login may result: STAT afterwards is refused.
id: pop3.apop.bad-digest
title: APOP with a wrong MD5 digest is answered -ERR and does not log in
protocol: pop3
ref: RFC 1939 7
level: MUST
needs: pop3
tags: auth apop
timeout: 60

connect p pop3
expect p ok
send p APOP ${user} 00000000000000000000000000000000
expect p err within 30
send p STAT
expect p err
send p QUIT
expect p ok
