# HELP without arguments should be supported (211 or 214)
id: smtp.help.basic
title: HELP is answered 211 or 214
protocol: smtp
ref: RFC 5321 4.1.1.8
level: SHOULD
needs: smtp
tags: help

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
send c HELP
expect c reply 211|214
send c QUIT
expect c reply 221
