# badserver --mode slow: a normal greeting at 1 octet per second.
id: badserver.slow
title: a greeting at 1 octet per second fails the step by its time limit
protocol: smtp
ref: RFC 5321 4.5.3.2.1
level: MUST
needs: smtp
timeout: 20

connect c smtp
expect c reply 220 within 3
send c QUIT
expect c reply 221
