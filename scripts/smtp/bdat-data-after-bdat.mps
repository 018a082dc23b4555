# CHUNKING: DATA after BDAT in the same transaction MUST get 503
id: smtp.bdat.data-after-bdat
title: DATA after a BDAT chunk in the same transaction is refused with 503
protocol: smtp
ref: RFC 3030 2
level: MUST
needs: smtp
tags: bdat chunking state

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap CHUNKING
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 250
sendraw c BDAT 33\r\nSubject: mailprobe bdat\r\n\r\nbody\r\n
expect c reply 250
send c DATA
expect c reply 503
send c RSET
expect c reply 250
send c QUIT
expect c reply 221
