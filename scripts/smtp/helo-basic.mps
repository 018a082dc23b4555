# HELO is part of the minimum implementation and must be answered 250
id: smtp.helo.basic
title: HELO with a domain is answered 250
protocol: smtp
ref: RFC 5321 4.1.1.1
level: MUST
needs: smtp
tags: greeting basic

connect c smtp
expect c reply 220
send c HELO mailprobe.test
expect c reply 250
check mail MUST RFC 5321 4.1.1.1: a HELO session can carry a mail transaction (MAIL accepted)
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c RSET
expect c reply 250
send c QUIT
expect c reply 221
