# badserver --mode nul: "220 mail\0.example ESMTP", then a correct dialogue.
id: badserver.nul
title: a NUL octet in the greeting is an oracle finding
protocol: smtp
ref: RFC 5321 4.2
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
