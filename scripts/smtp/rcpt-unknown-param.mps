# An ESMTP parameter the server does not know on RCPT: 555 (indicative "will return code 555")
id: smtp.rcpt.unknown-param
title: RCPT with an unknown parameter is refused with 555
protocol: smtp
ref: RFC 5321 4.1.1.11
level: MUST
needs: smtp
tags: syntax params

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c RCPT TO:<${rcpt}> MAILPROBE-NO-SUCH-PARAM=1
expect c reply 555
send c RSET
expect c reply 250
send c QUIT
expect c reply 221
