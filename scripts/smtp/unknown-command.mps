# A verb no server knows (not X-prefixed: those are reserved for private extensions, 4.1.5)
id: smtp.command.unknown
title: an unrecognized command is answered 500
protocol: smtp
ref: RFC 5321 4.2.4
level: SHOULD
needs: smtp
tags: syntax state

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c FROBNICATE mailprobe
expect c reply 500
check open MUST RFC 5321 3.8: the server does not close the connection because of a command it did not understand
send c NOOP
expect c reply 250
send c QUIT
expect c reply 221
