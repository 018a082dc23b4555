# while IDLE runs, a message appended by another session is reported with EXISTS without any command
id: imap.idle.exists-pushed
title: while IDLE runs, a message appended by another session is reported with EXISTS without any command
protocol: imap
ref: RFC 3501 5.2
level: MUST
needs: imap
timeout: 90
tags: idle multi-session exists

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
connect j imap
expect j greeting OK
send j b1 LOGIN ${user} ${password}
expect j tagged b1 OK within 30
send j b2 APPEND mp-${uniq} {{@data/imap-multipart.eml}}
expect j tagged b2 OK
expect i line /^\* 2 EXISTS/ within 45
send i DONE
expect i tagged a1 OK
send j b3 LOGOUT
expect j tagged b3 OK
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
