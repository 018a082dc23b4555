# vrfy = "VRFY" SP String CRLF: VRFY without an argument is a syntax error
id: smtp.vrfy.no-arg
title: VRFY without an argument is refused with 501
protocol: smtp
ref: RFC 5321 4.1.4
level: MUST
needs: smtp
tags: vrfy syntax

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c VRFY
expect c reply 501|500
send c QUIT
expect c reply 221
