# Two paths in one MAIL: syntax error in the argument, 501
id: smtp.mail.two-paths
title: MAIL with two reverse-paths is refused with 501
protocol: smtp
ref: RFC 5321 4.1.4
level: MUST
needs: smtp
tags: syntax paths

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c MAIL FROM:<probe@${domain}> <other@${domain}>
expect c reply 501|553|555
send c QUIT
expect c reply 221
