# EHLO without its domain argument is a syntax error (ehlo = "EHLO" SP ( Domain / address-literal ) CRLF)
id: smtp.ehlo.no-domain
title: EHLO without a domain is refused with 501 (or 500)
protocol: smtp
ref: RFC 5321 4.1.1.1
level: MUST
needs: smtp
tags: greeting syntax

connect c smtp
expect c reply 220
send c EHLO
expect c reply 501|500
check same-state MUST RFC 5321 4.1.4: after a refused EHLO the server stays in the state it was in (a valid EHLO then works)
send c EHLO mailprobe.test
expect c reply 250
send c QUIT
expect c reply 221
