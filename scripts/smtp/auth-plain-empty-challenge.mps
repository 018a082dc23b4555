# AUTH PLAIN without an initial response: the server sends an empty challenge "334 " and takes the response on the next line
id: smtp.auth.plain-empty-challenge
title: AUTH PLAIN without initial response gets 334, then 235
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
send c AUTH PLAIN
expect c continue
send c ${auth_plain}
expect c reply 235
send c QUIT
expect c reply 221
