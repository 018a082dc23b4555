# No plaintext password mechanism before STARTTLS on a configuration that forbids it: AUTH PLAIN in the clear is refused
id: smtp.submission.auth-before-tls
title: AUTH PLAIN before STARTTLS on submission is refused with a 5xx reply
protocol: smtp
ref: RFC 4954 4
level: MUST
needs: submission
tags: submission auth

connect c submission
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c AUTH PLAIN ${auth_plain}
expect c reply 5xx
send c QUIT
expect c reply 221
