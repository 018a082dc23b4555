# The null reverse-path <> (Reverse-path = Path / "<>"): notifications MUST be sent with it (4.5.5), so a receiver must take it
id: smtp.mail.null-reverse-path
title: MAIL FROM:<> is accepted
protocol: smtp
ref: RFC 5321 4.5.5
level: MUST
needs: smtp
tags: paths

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c MAIL FROM:<>
expect c reply 250
send c RCPT TO:<${rcpt}>
expect c reply 250
send c RSET
expect c reply 250
send c QUIT
expect c reply 221
