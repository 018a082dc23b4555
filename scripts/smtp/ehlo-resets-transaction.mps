# A second EHLO in the middle of a transaction resets it exactly as RSET does
id: smtp.ehlo.resets-transaction
title: EHLO during a transaction clears it (a following DATA is refused)
protocol: smtp
ref: RFC 5321 4.1.4
level: MUST
needs: smtp
tags: greeting transaction state

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 250
send c EHLO mailprobe.test
expect c reply 250
# the buffers are cleared: no reverse-path, no forward-path, so DATA cannot start
send c DATA
expect c reply 503|554
send c QUIT
expect c reply 221
