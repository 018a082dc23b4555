# STARTTLS is not offered once TLS is up; a second STARTTLS is refused (the engine cannot test a capability's absence directly)
id: smtp.starttls.again
title: STARTTLS after the TLS handshake is refused with a 5xx reply
protocol: smtp
ref: RFC 3207 4.2
level: MUST
needs: smtp
tags: starttls tls

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap STARTTLS
send c STARTTLS
expect c reply 220
tls c
send c EHLO mailprobe.test
expect c reply 250
send c STARTTLS
expect c reply 5xx
send c QUIT
expect c reply 221
