# CHUNKING: BDAT 0 LAST ends a message whose data came in earlier chunks
id: smtp.bdat.zero-last
title: BDAT 33 then BDAT 0 LAST: both answered 250
protocol: smtp
ref: RFC 3030 2
level: MUST
needs: smtp
tags: bdat chunking

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
send c BDAT 0 LAST
expect c reply 250
send c QUIT
expect c reply 221
