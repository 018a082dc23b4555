# postmaster at a domain the server delivers for, case-insensitive
id: smtp.rcpt.postmaster-domain
title: RCPT TO:<PostMaster@domain> is accepted
protocol: smtp
ref: RFC 5321 4.5.1
level: MUST
needs: smtp
tags: paths postmaster

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c RCPT TO:<PostMaster@${domain}>
expect c reply 250|251
send c RSET
expect c reply 250
send c QUIT
expect c reply 221
