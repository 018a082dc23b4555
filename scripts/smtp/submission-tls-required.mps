# A server that requires TLS answers 530 to commands other than NOOP, EHLO, STARTTLS, QUIT before STARTTLS
id: smtp.submission.tls-required
title: on the TLS-only submission port, MAIL before STARTTLS gets 530
protocol: smtp
ref: RFC 3207 4
level: SHOULD
needs: submission
tags: submission starttls

connect c submission
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c MAIL FROM:<probe@${domain}>
expect c reply 530
send c QUIT
expect c reply 221
