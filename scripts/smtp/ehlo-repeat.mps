# EHLO may be sent again later in the session and is then answered like the first
id: smtp.ehlo.repeat
title: a second EHLO is answered 250 and the session goes on
protocol: smtp
ref: RFC 5321 4.1.4
level: MAY
needs: smtp
tags: greeting

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c EHLO mailprobe.test
expect c reply 250
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c QUIT
expect c reply 221
