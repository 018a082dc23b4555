# data = "DATA" CRLF: a parameter on DATA is invalid syntax and servers should reject the command
id: smtp.data.parameter
title: DATA with a parameter is refused as a syntax error (501 or 500), not 354
protocol: smtp
ref: RFC 5321 4.1.1
level: SHOULD
needs: smtp
tags: syntax data

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 250
send c DATA now
expect c reply 501|500
send c RSET
expect c reply 250
send c QUIT
expect c reply 221
