# IDLE is answered with a continuation request; DONE ends it with the tagged OK
id: imap.idle.continuation-done
title: IDLE is answered with a continuation request; DONE ends it with the tagged OK
protocol: imap
ref: RFC 2177 3
level: MUST
needs: imap
tags: idle

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap IDLE
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a1 IDLE
expect i continue
send i DONE
expect i tagged a1 OK
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
