# RCPT without its path is a syntax error
id: smtp.rcpt.no-path
title: RCPT TO: without a path is refused with 501
protocol: smtp
ref: RFC 5321 4.1.4
level: MUST
needs: smtp
tags: syntax paths

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c RCPT TO:
expect c reply 501
check same-state MUST RFC 5321 4.1.4: the transaction survives the refused RCPT (a valid RCPT is accepted)
send c RCPT TO:<${rcpt}>
expect c reply 250
send c RSET
expect c reply 250
send c QUIT
expect c reply 221
