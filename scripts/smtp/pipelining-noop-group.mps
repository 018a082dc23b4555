# PIPELINING: the server answers every command of a group, in order, and loses none of its input
id: smtp.pipelining.noop-group
title: five pipelined NOOPs get five 250 replies
protocol: smtp
ref: RFC 2920 3.2
level: MUST
needs: smtp
tags: pipelining

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap PIPELINING
pipeline c
send c NOOP
send c NOOP
send c NOOP
send c NOOP
send c NOOP
end
expect c reply 250
expect c reply 250
expect c reply 250
expect c reply 250
expect c reply 250
send c QUIT
expect c reply 221
