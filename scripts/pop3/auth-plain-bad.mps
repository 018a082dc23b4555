# A failed SASL exchange ends in -ERR (RFC 5034 4: "If the client's
# authentication fails ... the server issues a negative response") and no
# login: STAT afterwards is refused.
id: pop3.auth.plain-bad-credentials
title: AUTH PLAIN with a wrong password is answered -ERR and does not log in
protocol: pop3
ref: RFC 5034 4
level: MUST
needs: pop3
tags: auth sasl
timeout: 60

connect p pop3
expect p ok
# base64 of NUL "nobody-mailprobe" NUL "wrong"
send p AUTH PLAIN AG5vYm9keS1tYWlscHJvYmUAd3Jvbmc=
expect p err within 30
send p STAT
expect p err
send p QUIT
expect p ok
