# PIPELINING: with every RCPT refused in the group, the pipelined DATA is refused (503/554), never 354
id: smtp.pipelining.all-rcpt-refused
title: pipelined MAIL, refused RCPT, DATA: DATA gets 503 or 554
protocol: smtp
ref: RFC 2920 3.1
level: MUST
needs: smtp
tags: pipelining data

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap PIPELINING
pipeline c
send c MAIL FROM:<probe@${domain}>
send c RCPT TO:<nobody-${uniq}@${domain}>
send c DATA
end
expect c reply 250
expect c reply 5xx|4xx
expect c reply 503|554
send c QUIT
expect c reply 221
