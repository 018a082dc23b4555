# An ESMTP parameter the server does not know: 555 (RFC 5321 words it "it will return code 555")
id: smtp.mail.unknown-param
title: MAIL with an unknown parameter is refused with 555
protocol: smtp
ref: RFC 5321 4.1.1.11
level: MUST
needs: smtp
tags: syntax params

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c MAIL FROM:<probe@${domain}> MAILPROBE-NO-SUCH-PARAM=1
expect c reply 555
send c QUIT
expect c reply 221
