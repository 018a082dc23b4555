# badserver --mode smtp-ok: a minimal correct SMTP server; everything passes.
id: badserver.smtp-ok
title: a correct SMTP dialogue passes, RCPT before MAIL refused with 503
protocol: smtp
ref: RFC 5321 4.1.4
level: MUST
needs: smtp
timeout: 20

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250 /PIPELINING/
require c cap ENHANCEDSTATUSCODES
send c RCPT TO:<rcpt@badserver.test>
expect c reply 503 enhanced 5.5.1
send c MAIL FROM:<sender@mailprobe.test>
expect c reply 250 enhanced 2.1.0
send c RCPT TO:<rcpt@badserver.test>
expect c reply 2xx
send c DATA
expect c reply 354
send c Subject: badserver ${uniq}
sendraw c \r\n
send c ..a line that starts with a dot
send c .
expect c reply 250 /queued/
pipeline c
send c NOOP
send c RSET
end
expect c reply 250
expect c reply 250
send c QUIT
expect c reply 221
expect c closed
