# An unknown command inside a transaction is refused and the transaction is kept
id: smtp.command.unknown-in-transaction
title: an unrecognized command between RCPT and DATA gets 500 and leaves the transaction open
protocol: smtp
ref: RFC 5321 4.2.4
level: SHOULD
needs: smtp
tags: syntax state transaction

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 250
send c FROBNICATE
expect c reply 500
check kept MUST RFC 5321 4.1.4: after the refusal the server stays in the same state (DATA gets 354)
send c DATA
expect c reply 354
sendfile c data/smtp-plain.eml dotstuff
expect c reply 250
send c QUIT
expect c reply 221
