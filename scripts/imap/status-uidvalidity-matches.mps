# STATUS UIDVALIDITY and UIDNEXT equal what SELECT reports
id: imap.status.uidvalidity-as-select
title: STATUS UIDVALIDITY and UIDNEXT equal what SELECT reports
protocol: imap
ref: RFC 9051 6.3.11
level: MUST
needs: imap
tags: status select

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i a1 STATUS mp-${uniq} (UIDVALIDITY UIDNEXT)
expect i tagged a1 OK
capture i uv /UIDVALIDITY ([0-9]+)/
capture i un /UIDNEXT ([0-9]+)/
send i a2 SELECT mp-${uniq}
expect i tagged a2 OK
expect i untagged OK /\[UIDVALIDITY ${uv}\]/
expect i untagged OK /\[UIDNEXT ${un}\]/
send i a3 CLOSE
expect i tagged a3 OK
# clean up
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
