# badserver --mode endless-line: "220 " and a line that never ends.
id: badserver.endless-line
title: an endless greeting line is cut at the reply line limit, memory bounded
protocol: smtp
ref: RFC 5321 4.5.3.1.5
level: MUST
needs: smtp
timeout: 20

connect c smtp
expect c reply 220 within 5
send c QUIT
expect c reply 221
