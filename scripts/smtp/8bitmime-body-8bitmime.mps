# BODY=8BITMIME is accepted by a server that announces 8BITMIME
id: smtp.8bitmime.body-8bitmime
title: MAIL with BODY=8BITMIME is accepted
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
send c MAIL FROM:<probe@${domain}> BODY=8BITMIME
expect c reply 250
send c RSET
expect c reply 250
send c QUIT
expect c reply 221
