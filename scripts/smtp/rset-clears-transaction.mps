# RSET discards the stored sender and recipients: RCPT after RSET has no MAIL before it
id: smtp.rset.clears-transaction
title: after MAIL and RSET, RCPT is refused with 503
protocol: smtp
ref: RFC 5321 4.1.1.5
level: MUST
needs: smtp
tags: transaction state rset

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c RSET
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 503
check open MUST RFC 5321 4.1.1.5: RSET does not close the connection (a new transaction can start)
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c QUIT
expect c reply 221
