# The reserved mailbox postmaster, with no domain, must be accepted by a delivering server
id: smtp.rcpt.postmaster-bare
title: RCPT TO:<Postmaster> (no domain) is accepted
protocol: smtp
ref: RFC 5321 4.1.1.3
level: MUST
needs: smtp
tags: paths postmaster

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c MAIL FROM:<probe@${domain}>
expect c reply 250
send c RCPT TO:<Postmaster>
expect c reply 250|251
send c RSET
expect c reply 250
send c QUIT
expect c reply 221
