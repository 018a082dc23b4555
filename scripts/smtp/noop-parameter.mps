# noop = "NOOP" [ SP String ] CRLF; a parameter string is ignored
id: smtp.noop.parameter
title: NOOP with a parameter string is answered 250
protocol: smtp
ref: RFC 5321 4.1.1.9
level: SHOULD
needs: smtp
tags: noop syntax

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c NOOP mailprobe-ignore-this
expect c reply 250
send c QUIT
expect c reply 221
