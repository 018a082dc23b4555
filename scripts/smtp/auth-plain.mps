# AUTH PLAIN with an initial response, over TLS
id: smtp.auth.plain
title: AUTH PLAIN with good credentials gets 235
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
send c AUTH PLAIN ${auth_plain}
expect c reply 235
send c QUIT
expect c reply 221
