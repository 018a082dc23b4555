# badserver --mode wrong-code: 250 to everything.
id: badserver.wrong-code
title: RCPT before MAIL answered 250 fails the check (503 expected)
protocol: smtp
ref: RFC 5321 4.1.4
level: MUST
needs: smtp
timeout: 20

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c RCPT TO:<rcpt@badserver.test>
expect c reply 503
send c QUIT
expect c reply 221
