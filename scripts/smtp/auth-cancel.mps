# A client response of a single * cancels the exchange: the server MUST reject the AUTH command with 501
id: smtp.auth.cancel
title: AUTH LOGIN cancelled with * gets 501
protocol: smtp
ref: RFC 4954 4
level: MUST
needs: submission
tags: auth submission

connect c submission starttls
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap AUTH
send c AUTH LOGIN
expect c continue
send c *
expect c reply 501
send c QUIT
expect c reply 221
