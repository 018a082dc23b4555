# SMTPUTF8 takes no value: SMTPUTF8=yes is a parameter syntax error
id: smtp.smtputf8.with-value
title: MAIL with SMTPUTF8=yes is refused with 501 or 555
protocol: smtp
ref: RFC 6531 3.4
level: MUST
needs: smtp
tags: smtputf8 params syntax

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap SMTPUTF8
send c MAIL FROM:<probe@${domain}> SMTPUTF8=yes
expect c reply 501|555
send c QUIT
expect c reply 221
