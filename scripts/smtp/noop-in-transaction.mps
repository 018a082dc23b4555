# NOOP may be issued at any time and has no effect on the buffers: the transaction survives it
id: smtp.noop.in-transaction
title: NOOP between RCPT and DATA is answered 250 and DATA still gets 354
protocol: smtp
ref: RFC 5321 4.1.4
level: SHOULD
needs: smtp
tags: transaction noop

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 250
send c NOOP
expect c reply 250
send c DATA
expect c reply 354
sendfile c data/smtp-plain.eml dotstuff
expect c reply 250
send c QUIT
expect c reply 221
