# VRFY of a mailbox that does not exist must not get 250: 550/551/553, or 252 when VRFY is disabled
id: smtp.vrfy.unknown
title: VRFY of an unknown mailbox is not answered 250
protocol: smtp
ref: RFC 5321 3.5.3
level: MUST
needs: smtp
tags: vrfy

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c VRFY <nobody-${uniq}@${domain}>
expect c reply 550|551|553|252
send c QUIT
expect c reply 221
