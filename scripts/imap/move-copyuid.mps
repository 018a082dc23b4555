# with UIDPLUS, UID MOVE sends COPYUID (in an untagged OK) before the EXPUNGE
id: imap.move.copyuid
title: with UIDPLUS, UID MOVE sends COPYUID (in an untagged OK) before the EXPUNGE
protocol: imap
ref: RFC 6851 4.3
level: SHOULD
needs: imap
tags: move uidplus

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap MOVE
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a0 CREATE mp-${uniq}-dst
expect i tagged a0 OK
require i cap UIDPLUS
send i a1 FETCH 1 UID
expect i tagged a1 OK
capture i uid /UID ([0-9]+)/
send i a2 UID MOVE ${uid} mp-${uniq}-dst
expect i tagged a2 OK
capture i both /(OK \[COPYUID [0-9]+ ${uid} [0-9]+\][^\n]*[\r\n]+\* 1 EXPUNGE)/
send i a3 DELETE mp-${uniq}-dst
expect i tagged a3 OK
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
