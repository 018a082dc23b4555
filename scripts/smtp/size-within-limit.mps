# SIZE: a small declared size is accepted and the message then goes through
id: smtp.size.within-limit
title: MAIL with a small SIZE is accepted and the message delivered
protocol: smtp
ref: RFC 1870 6
level: SHOULD
needs: smtp
tags: size

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap SIZE
send c MAIL FROM:<probe@${domain}> SIZE=400
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 250
send c DATA
expect c reply 354
sendfile c data/smtp-plain.eml dotstuff
expect c reply 250
send c QUIT
expect c reply 221
