# VRFY is in the minimum implementation; a site that disables it answers 252
id: smtp.vrfy.known
title: VRFY of a local user is answered 250, 251 or 252
protocol: smtp
ref: RFC 5321 4.5.1
level: MUST
needs: smtp
tags: vrfy

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c VRFY <${rcpt}>
expect c reply 250|251|252
send c QUIT
expect c reply 221
