# DSN: RET and ENVID (xtext) on MAIL are accepted
id: smtp.dsn.ret-envid
title: MAIL with RET=HDRS ENVID=... is accepted
protocol: smtp
ref: RFC 3461 4.3
level: MUST
needs: smtp
tags: dsn params

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap DSN
send c MAIL FROM:<probe@${domain}> RET=HDRS ENVID=mailprobe+2B${uniq}
expect c reply 250
send c RSET
expect c reply 250
send c QUIT
expect c reply 221
