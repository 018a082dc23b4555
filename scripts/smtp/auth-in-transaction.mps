# AUTH is not permitted during a mail transaction: 503
id: smtp.auth.in-transaction
title: AUTH after MAIL gets 503
protocol: smtp
ref: RFC 4954 4
level: MUST
needs: submission
tags: auth submission state

connect c submission starttls
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap AUTH
send c MAIL FROM:<${rcpt}>
expect c reply 250
send c AUTH PLAIN ${auth_plain}
expect c reply 503
send c QUIT
expect c reply 221
