# RCPT without a transaction: RFC 5321 4.1.4 says the server MUST refuse it
id: smtp.rcpt.before-mail
title: RCPT before MAIL is refused with 503
protocol: smtp
ref: RFC 5321 4.1.4
level: MUST
needs: smtp
tags: transaction basic

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 503|5xx
send c QUIT
expect c reply 221
expect c closed
