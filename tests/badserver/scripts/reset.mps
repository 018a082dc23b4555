# badserver --mode reset: 220, then half an EHLO reply and a TCP RST.
id: badserver.reset
title: a reset in the middle of a reply fails that step, not the greeting
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
