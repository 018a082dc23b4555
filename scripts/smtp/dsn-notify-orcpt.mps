# DSN: NOTIFY and ORCPT on RCPT are accepted by a server that announces DSN
id: smtp.dsn.notify-orcpt
title: RCPT with NOTIFY=SUCCESS,FAILURE and ORCPT=rfc822;... is accepted
protocol: smtp
ref: RFC 3461 4.1
level: MUST
needs: smtp
tags: dsn params

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap DSN
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c RCPT TO:<${rcpt}> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;${rcpt}
expect c reply 250
send c RSET
expect c reply 250
send c QUIT
expect c reply 221
