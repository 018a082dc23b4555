# SMTPUTF8 is a MAIL parameter without a value
id: smtp.smtputf8.param
title: MAIL with the SMTPUTF8 parameter is accepted
protocol: smtp
ref: RFC 6531 3.4
level: MUST
needs: smtp
tags: smtputf8 params

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap SMTPUTF8
send c MAIL FROM:<probe@${domain}> SMTPUTF8
expect c reply 250
send c RSET
expect c reply 250
send c QUIT
expect c reply 221
