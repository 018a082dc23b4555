# RSET (like NOOP, HELP, EXPN, VRFY) may be used before EHLO and is processed normally, not 503
id: smtp.rset.before-ehlo
title: RSET before any EHLO is answered 250, not 503
protocol: smtp
ref: RFC 5321 4.1.4
level: SHOULD
needs: smtp
tags: state rset

connect c smtp
expect c reply 220
send c RSET
expect c reply 250
send c QUIT
expect c reply 221
