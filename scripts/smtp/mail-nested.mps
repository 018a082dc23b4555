# A second MAIL inside an open transaction is out of sequence
id: smtp.mail.nested
title: MAIL while a transaction is open is refused with 503
protocol: smtp
ref: RFC 5321 4.1.4
level: MUST
needs: smtp
tags: transaction state

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c MAIL FROM:<other@${domain}>
expect c reply 503
check same-state MUST RFC 5321 4.1.4: after the 503 the server stays in the same state (the first transaction goes on)
send c RCPT TO:<${rcpt}>
expect c reply 250
send c RSET
expect c reply 250
send c QUIT
expect c reply 221
