# DSN: NOTIFY is NEVER or a list of SUCCESS/FAILURE/DELAY, never both
id: smtp.dsn.notify-never-combined
title: RCPT with NOTIFY=NEVER,SUCCESS is refused with a 5xx reply
protocol: smtp
ref: RFC 3461 4.1
level: MUST
needs: smtp
tags: dsn params syntax

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap DSN
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c RCPT TO:<${rcpt}> NOTIFY=NEVER,SUCCESS
expect c reply 5xx
send c RSET
expect c reply 250
send c QUIT
expect c reply 221
