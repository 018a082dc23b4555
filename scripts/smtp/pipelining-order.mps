# With PIPELINING, replies come in the order of the commands (RFC 2920 3.1)
id: smtp.pipelining.order
title: pipelined MAIL, RCPT, RCPT, DATA are answered in order
protocol: smtp
ref: RFC 2920 3.1
level: MUST
needs: smtp
tags: pipelining

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap PIPELINING
pipeline c
send c MAIL FROM:<probe@${domain}>
send c RCPT TO:<${rcpt}>
send c RCPT TO:<nobody-${uniq}@invalid.invalid>
send c DATA
end
expect c reply 250
expect c reply 250
expect c reply 5xx|4xx
expect c reply 354
sendfile c data/simple.eml dotstuff
expect c reply 250
send c QUIT
expect c reply 221
