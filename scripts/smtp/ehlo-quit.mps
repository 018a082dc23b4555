# The basic exchange: greeting, EHLO with capabilities, NOOP, RSET, QUIT
id: smtp.session.ehlo-quit
title: greeting 220, EHLO 250 with capabilities, NOOP and RSET 250, QUIT 221 then close
protocol: smtp
ref: RFC 5321 4.1.1
level: MUST
needs: smtp
tags: basic

connect c smtp
expect c reply 220 /ESMTP|SMTP|\./
send c EHLO mailprobe.test
expect c reply 250
capture c server /^250[- ]([^ ]+)/
check noop MUST RFC 5321 4.1.1.9: NOOP is answered 250
send c NOOP
expect c reply 250
check rset MUST RFC 5321 4.1.1.5: RSET is answered 250
send c RSET
expect c reply 250
check quit MUST RFC 5321 4.1.1.10: QUIT is answered 221 and the server closes
send c QUIT
expect c reply 221
expect c closed
