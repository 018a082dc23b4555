# CHUNKING: a message sent as BDAT chunks gets one reply per chunk, 250 each
id: smtp.bdat.chunks
title: a message in two BDAT chunks (the last with LAST) gets 250 per chunk
protocol: smtp
ref: RFC 3030 2
level: MUST
needs: smtp
tags: bdat chunking

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap CHUNKING
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 250
sendfile c data/smtp-plain.eml bdat 200
expect c reply 250
expect c reply 250
send c QUIT
expect c reply 221
