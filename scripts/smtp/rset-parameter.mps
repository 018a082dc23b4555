# rset = "RSET" CRLF: parameters on RSET are invalid syntax and servers should reject them
id: smtp.rset.parameter
title: RSET with a parameter is refused as a syntax error (501 or 500)
protocol: smtp
ref: RFC 5321 4.1.1
level: SHOULD
needs: smtp
tags: syntax rset

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c RSET now
expect c reply 501|500
send c QUIT
expect c reply 221
