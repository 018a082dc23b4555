# CHUNKING: BDAT data is counted, not scanned: CRLF . CRLF and a command inside a chunk are message octets, not an end of data
id: smtp.bdat.dot-is-data
title: a BDAT chunk holding CRLF.CRLF and RSET gets exactly one 250
protocol: smtp
ref: RFC 3030 2
level: MUST
needs: smtp
tags: bdat chunking smuggling

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap CHUNKING
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 250
sendraw c BDAT 42 LAST\r\nSubject: mailprobe bdat\r\n\r\nbody\r\n.\r\nRSET\r\n
expect c reply 250
check one-reply MUST RFC 3030 2: the RSET inside the chunk gets no reply of its own
expect c silence 1000
send c QUIT
expect c reply 221
