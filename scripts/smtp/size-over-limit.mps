# SIZE: a declared size over the announced fixed maximum is refused at MAIL with 552
id: smtp.size.over-limit
title: MAIL with SIZE over the announced maximum is refused with 552
protocol: smtp
ref: RFC 1870 6
level: SHOULD
needs: smtp
tags: size

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap SIZE
send c MAIL FROM:<probe@${domain}> SIZE=999999999999
expect c reply 552
send c QUIT
expect c reply 221
