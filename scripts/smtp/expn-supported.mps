# EXPN should be supported; a site that disables it answers 252, not 500/502
id: smtp.expn.supported
title: EXPN is answered 250, 252 or a mailbox error, not 500/502
protocol: smtp
ref: RFC 5321 3.5.2
level: SHOULD
needs: smtp
tags: expn

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c EXPN postmaster
expect c reply 250|252|550|551|553
send c QUIT
expect c reply 221
