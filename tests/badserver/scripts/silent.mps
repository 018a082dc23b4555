# badserver --mode silent: accepts, never greets.
id: badserver.silent
title: a server that never greets fails the greeting step by timeout
protocol: smtp
ref: RFC 5321 3.1
level: MUST
needs: smtp
timeout: 20

connect c smtp
expect c reply 220 within 3
send c QUIT
expect c reply 221
