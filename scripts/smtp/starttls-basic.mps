# STARTTLS: 220, a TLS handshake, then the session starts over and EHLO is answered again
id: smtp.starttls.basic
title: STARTTLS gets 220; after the handshake EHLO gets 250 and a message goes through
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
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 250
send c DATA
expect c reply 354
sendfile c data/smtp-plain.eml dotstuff
expect c reply 250
send c QUIT
expect c reply 221
