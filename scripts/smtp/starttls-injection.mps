# STARTTLS command injection (CVE-2011-0411 class): a MAIL pipelined in plaintext behind STARTTLS must be discarded. The engine reports any plaintext answer to it; after the handshake RCPT must find no transaction
id: smtp.starttls.injection
title: plaintext MAIL pipelined after STARTTLS is discarded (RCPT after TLS gets 503)
protocol: smtp
ref: RFC 3207 4.2
level: MUST
needs: smtp
tags: starttls tls security

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap STARTTLS
pipeline c
send c STARTTLS
send c MAIL FROM:<injected@${domain}>
end
expect c reply 220
tls c
send c EHLO mailprobe.test
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 503
send c QUIT
expect c reply 221
