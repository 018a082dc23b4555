# A response that is not BASE64: 501 with enhanced status code 5.5.2
id: smtp.auth.bad-base64
title: AUTH PLAIN with a non-BASE64 response gets 501 5.5.2
protocol: smtp
ref: RFC 4954 4
level: MUST
needs: submission
tags: auth submission

connect c submission starttls
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap AUTH
send c AUTH LOGIN
expect c continue
send c !!!not*base64!!!
expect c reply 501 enhanced 5.5.2
send c QUIT
expect c reply 221
