# badserver --mode garbage: 4096 random octets (NUL, 8-bit), then FIN.
id: badserver.garbage
title: random octets instead of a greeting are a failed step and oracle findings
protocol: smtp
ref: RFC 5321 4.2
level: MUST
needs: smtp
timeout: 20

connect c smtp
expect c reply 220 within 5
send c QUIT
expect c reply 221
