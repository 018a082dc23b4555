# BODY=7BIT is the other defined body-value
id: smtp.8bitmime.body-7bit
title: MAIL with BODY=7BIT is accepted
protocol: smtp
ref: RFC 6152 3
level: MUST
needs: smtp
tags: 8bitmime params

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap 8BITMIME
send c MAIL FROM:<probe@${domain}> BODY=7BIT
expect c reply 250
send c RSET
expect c reply 250
send c QUIT
expect c reply 221
