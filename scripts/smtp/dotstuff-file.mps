# Transparency: a message whose lines start with dots, sent with sendfile dotstuff, is accepted with a single 250
id: smtp.dotstuff.file
title: a dot-stuffed message file is accepted with one 250
protocol: smtp
ref: RFC 5321 4.5.2
level: MUST
needs: smtp
tags: dotstuff data

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 250
send c DATA
expect c reply 354
sendfile c data/smtp-dots.eml dotstuff
expect c reply 250
expect c silence 500
send c QUIT
expect c reply 221
