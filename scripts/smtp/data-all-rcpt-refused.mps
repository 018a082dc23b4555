# When every RCPT was refused there is no recipient: DATA is refused (503 or 554), never 354
id: smtp.data.all-rcpt-refused
title: DATA after only refused RCPTs is refused with 503 or 554
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
send c RCPT TO:<nobody-${uniq}@${domain}>
expect c reply 5xx|4xx
send c DATA
expect c reply 503|554
send c QUIT
expect c reply 221
