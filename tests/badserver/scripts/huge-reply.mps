# badserver --mode huge-reply: a 220, then a 250- reply of gigabytes to EHLO.
id: badserver.huge-reply
title: a multi-line reply of gigabytes is cut at the reader's limit, memory bounded
protocol: smtp
ref: RFC 5321 4.2.1
level: MUST
needs: smtp
timeout: 20

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250 within 5
send c QUIT
expect c reply 221
