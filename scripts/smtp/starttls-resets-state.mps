# After TLS the SMTP state is reset: a transaction opened before STARTTLS is gone
id: smtp.starttls.resets-state
title: MAIL before STARTTLS does not survive it (RCPT after TLS gets 503)
protocol: smtp
ref: RFC 3207 4.2
level: MUST
needs: smtp
tags: starttls tls state

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap STARTTLS
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c STARTTLS
expect c reply 220|503
tls c
send c EHLO mailprobe.test
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 503
send c QUIT
expect c reply 221
