# A command line of exactly 512 octets (NOOP, a space, 505 octets, CRLF) is within the limit every server MUST receive:
# it gets the answer the same command with a short argument gets (a server that refuses
# arguments to NOOP, against 4.1.1.9, fails smtp.noop.parameter, not this)
id: smtp.limits.command-512
title: a 512-octet command line is answered as the short one is
protocol: smtp
ref: RFC 5321 4.5.3.1.4
level: MUST
needs: smtp
tags: limits

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c NOOP x
expect c line /^[2-5][0-9][0-9]/
capture c code /^([2-5][0-9][0-9])/
send c NOOP xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
expect c line /^${code}[ -]/
send c QUIT
expect c reply 221
