# PIPELINING: RSET, MAIL, RCPT and QUIT in one group: 250, 250, 250, 221, then the close
id: smtp.pipelining.rset-to-quit
title: pipelined RSET, MAIL, RCPT, QUIT are answered in order and the server closes
protocol: smtp
ref: RFC 2920 3.2
level: MUST
needs: smtp
tags: pipelining

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap PIPELINING
pipeline c
send c RSET
send c MAIL FROM:<probe@${domain}>
send c RCPT TO:<${rcpt}>
send c QUIT
end
expect c reply 250
expect c reply 250
expect c reply 250
expect c reply 221
expect c closed
