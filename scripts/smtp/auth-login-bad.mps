# AUTH LOGIN with a bad password: 535
id: smtp.auth.login-bad
title: AUTH LOGIN with a bad password gets 535
protocol: smtp
ref: RFC 4954 4
level: SHOULD
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
send c d3JvbmctcGFzc3dvcmQ=
expect c reply 535
send c QUIT
expect c reply 221
