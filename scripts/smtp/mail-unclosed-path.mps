# An unterminated path (no closing >): the argument is not acceptable, 501
id: smtp.mail.unclosed-path
title: MAIL FROM:<addr without the closing bracket is refused with 501 (or 553, mailbox syntax incorrect)
protocol: smtp
ref: RFC 5321 4.1.4
level: MUST
needs: smtp
tags: syntax paths

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c MAIL FROM:<probe@${domain}
expect c reply 501|553
send c QUIT
expect c reply 221
