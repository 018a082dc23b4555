# STARTTLS takes no parameters: "501 Syntax error (no parameters allowed)"
id: smtp.starttls.parameter
title: STARTTLS with a parameter is refused with 501
protocol: smtp
ref: RFC 3207 4
level: MUST
needs: smtp
tags: starttls syntax

connect c smtp
expect c reply 220
send c EHLO mailprobe.test
expect c reply 250
require c cap STARTTLS
send c STARTTLS now
expect c reply 501
send c QUIT
expect c reply 221
