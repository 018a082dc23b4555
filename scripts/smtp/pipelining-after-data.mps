# PIPELINING: the end of data, the next MAIL and RCPT in one write are answered in order
id: smtp.pipelining.after-data
title: end of data pipelined with the next MAIL and RCPT: 250, 250, 250
protocol: smtp
ref: RFC 2920 3.2
level: MUST
needs: smtp
tags: pipelining data

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap PIPELINING
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 250
send c DATA
expect c reply 354
pipeline c
sendraw c Subject: mailprobe pipelining\r\n\r\nbody\r\n.\r\n
send c MAIL FROM:<probe@${domain}>
send c RCPT TO:<${rcpt}>
end
expect c reply 250
expect c reply 250
expect c reply 250
send c RSET
expect c reply 250
send c QUIT
expect c reply 221
