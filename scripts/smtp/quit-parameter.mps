# quit = "QUIT" CRLF: a parameter on QUIT is invalid syntax and servers should reject the command
id: smtp.quit.parameter
title: QUIT with a parameter is refused as a syntax error (501 or 500) (the connection stays open)
protocol: smtp
ref: RFC 5321 4.1.1
level: SHOULD
needs: smtp
tags: syntax quit

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c QUIT now
expect c reply 501|500
send c QUIT
expect c reply 221
