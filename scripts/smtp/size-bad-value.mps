# SIZE=value must be 1*20DIGIT: a non-numeric value is a parameter syntax error (501 or 555)
id: smtp.size.bad-value
title: MAIL with SIZE=abc is refused with 501 or 555
protocol: smtp
ref: RFC 1870 6
level: SHOULD
needs: smtp
tags: size syntax params

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap SIZE
send c MAIL FROM:<probe@${domain}> SIZE=abc
expect c reply 501|555
send c QUIT
expect c reply 221
