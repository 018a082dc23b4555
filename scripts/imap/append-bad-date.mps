# APPEND with a malformed date-time is refused (BAD) and adds nothing
id: imap.append.bad-date-time
title: APPEND with a malformed date-time is refused (BAD) and adds nothing
protocol: imap
ref: RFC 9051 6.3.12
level: MUST
needs: imap
tags: append syntax

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a0 CAPABILITY
expect i tagged a0 OK
require i cap LITERAL+
send i a1 APPEND mp-${uniq} "32-Foo-2024 99:00:00 +0000" {{+@data/imap-plain.eml}}
expect i tagged a1 BAD|NO
send i a9 NOOP
expect i tagged a9 OK
send i a2 STATUS mp-${uniq} (MESSAGES)
expect i tagged a2 OK
expect i untagged STATUS /MESSAGES 0/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
