# badserver --mode starttls-inject: answers commands pipelined behind
# STARTTLS in plaintext, then closes (the CVE-2011-0411 class).
id: badserver.starttls-inject
title: plaintext answers to commands pipelined behind STARTTLS are a finding
protocol: smtp
ref: RFC 3207 4.2
level: MUST
needs: smtp
timeout: 20

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap STARTTLS
pipeline c
send c STARTTLS
send c RSET
end
expect c reply 220
tls c
send c EHLO mailprobe.test
expect c reply 250
