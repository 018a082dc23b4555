# DATA with a sender but no recipient: 503 (out of sequence) or 554 (no valid recipients), never 354
id: smtp.data.no-rcpt
title: DATA after MAIL without any RCPT is refused with 503 or 554
protocol: smtp
ref: RFC 5321 4.1.1.4
level: MAY
needs: smtp
tags: transaction state data

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c DATA
expect c reply 503|554
send c QUIT
expect c reply 221
