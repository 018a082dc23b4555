# AUTH LOGIN: two 334 challenges, then 235
id: smtp.auth.login
title: AUTH LOGIN with good credentials gets 334, 334, 235
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
send c ${user_b64}
expect c continue
send c ${password_b64}
expect c reply 235
send c QUIT
expect c reply 221
