# badserver --mode bare-lf: a correct dialogue, every line ended by a bare LF.
id: badserver.bare-lf
title: replies ended by a bare LF are oracle findings
protocol: smtp
ref: RFC 5321 2.3.8
level: MUST
needs: smtp
timeout: 20

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c QUIT
expect c reply 221
expect c closed
