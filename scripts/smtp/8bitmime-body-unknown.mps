# body-value = "7BIT" / "8BITMIME" (BINARYMIME needs the BINARYMIME extension): an unknown value is refused
id: smtp.8bitmime.body-unknown
title: MAIL with BODY=MAILPROBE is refused with 501 or 555
protocol: smtp
ref: RFC 6152 2
level: MUST
needs: smtp
tags: 8bitmime params syntax

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap 8BITMIME
send c MAIL FROM:<probe@${domain}> BODY=MAILPROBE
expect c reply 501|555|504
send c QUIT
expect c reply 221
