# an EXPUNGE made by another session is not reported during FETCH, nor with no command, but on NOOP
id: imap.expunge.not-during-fetch
title: an EXPUNGE made by another session is not reported during FETCH, nor with no command, but on NOOP
protocol: imap
ref: RFC 9051 7.5.1
level: MUST
needs: imap
tags: expunge multi-session

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p4 APPEND mp-${uniq} () "03-Jan-2024 11:30:00 +0100" {{@data/imap-multipart.eml}}
expect i tagged p4 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
connect j imap
expect j greeting OK
send j b1 LOGIN ${user} ${password}
expect j tagged b1 OK within 30
send j b2 SELECT mp-${uniq}
expect j tagged b2 OK
send j b3 STORE 1 +FLAGS.SILENT (\\Deleted)
expect j tagged b3 OK
send j b4 EXPUNGE
expect j tagged b4 OK
check idle MUST RFC 9051 7.5.1: no EXPUNGE is sent while no command is in progress
expect i silence 1500
check fetch MUST RFC 9051 7.5.1: no EXPUNGE is sent while answering FETCH
send i a1 FETCH 1:2 FLAGS
expect i tagged a1 OK
expect i no-untagged EXPUNGE
check noop MUST RFC 9051 7.5.1: NOOP reports the expunge
send i a2 NOOP
expect i tagged a2 OK
expect i untagged EXPUNGE /^\* 1 EXPUNGE/
send j b5 LOGOUT
expect j tagged b5 OK
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
