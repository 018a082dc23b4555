# AUTH PLAIN with bad credentials: 535 unless a more specific code applies
id: smtp.auth.plain-bad
title: AUTH PLAIN with a bad password gets 535
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
send c AUTH PLAIN AG5vYm9keQB3cm9uZy1wYXNzd29yZA==
expect c reply 535
send c QUIT
expect c reply 221
