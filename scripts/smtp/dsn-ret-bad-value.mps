# DSN: RET is FULL or HDRS
id: smtp.dsn.ret-bad-value
title: MAIL with RET=EVERYTHING is refused with a 5xx reply
protocol: smtp
ref: RFC 3461 4.3
level: MUST
needs: smtp
tags: dsn params syntax

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap DSN
send c MAIL FROM:<probe@${domain}> RET=EVERYTHING
expect c reply 5xx
send c QUIT
expect c reply 221
