# BDAT with no transaction open is out of sequence (the server still reads the chunk off the wire)
id: smtp.bdat.no-transaction
title: BDAT without MAIL and RCPT is refused with 503
protocol: smtp
ref: RFC 5321 4.1.4
level: MUST
needs: smtp
tags: bdat chunking state

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap CHUNKING
sendraw c BDAT 33 LAST\r\nSubject: mailprobe bdat\r\n\r\nbody\r\n
expect c reply 503|554
check in-sync MUST RFC 5321 4.1.4: the chunk octets were consumed, not read as commands (NOOP gets 250)
send c NOOP
expect c reply 250
send c QUIT
expect c reply 221
