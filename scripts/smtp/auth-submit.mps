# An authenticated submission: AUTH, MAIL, RCPT, DATA, 250
id: smtp.auth.submit
title: an authenticated client submits a message (250 at the end of data)
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
send c MAIL FROM:<${rcpt}>
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 250
send c DATA
expect c reply 354
sendfile c data/smtp-plain.eml dotstuff
expect c reply 250
send c QUIT
expect c reply 221
