# With SMTPUTF8 the reverse-path may hold a UTF-8 local part
id: smtp.smtputf8.utf8-sender
title: MAIL FROM:<UTF-8 local part> SMTPUTF8 is accepted
protocol: smtp
ref: RFC 6531 3.3
level: MUST
needs: smtp
tags: smtputf8 paths

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap SMTPUTF8
send c MAIL FROM:<pr\xc3\xb6be@${domain}> SMTPUTF8
expect c reply 250
send c RSET
expect c reply 250
send c QUIT
expect c reply 221
