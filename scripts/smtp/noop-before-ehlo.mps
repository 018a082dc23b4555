# NOOP before EHLO is processed normally (not 503)
id: smtp.noop.before-ehlo
title: NOOP before any EHLO is answered 250, not 503
protocol: smtp
ref: RFC 5321 4.1.4
level: SHOULD
needs: smtp
tags: state noop

connect c smtp
expect c reply 220
send c NOOP
expect c reply 250
send c QUIT
expect c reply 221
