# RSET at any point of a transaction is answered 250 OK
id: smtp.rset.in-transaction
title: RSET after MAIL and RCPT is answered 250
protocol: smtp
ref: RFC 5321 4.1.1.5
level: MUST
needs: smtp
tags: transaction rset

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 250
send c RSET
expect c reply 250
send c QUIT
expect c reply 221
expect c closed
