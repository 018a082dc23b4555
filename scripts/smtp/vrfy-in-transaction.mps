# VRFY inside a transaction does not disturb it
id: smtp.vrfy.in-transaction
title: VRFY between RCPT and DATA leaves the transaction open
protocol: smtp
ref: RFC 5321 4.1.4
level: SHOULD
needs: smtp
tags: vrfy transaction

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 250
send c VRFY <${rcpt}>
expect c reply 250|251|252|550|551|553|502
send c DATA
expect c reply 354
sendfile c data/smtp-plain.eml dotstuff
expect c reply 250
send c QUIT
expect c reply 221
