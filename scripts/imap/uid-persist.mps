# a second session sees the same UIDVALIDITY and finds the message under the same UID
id: imap.uid.persist-across-sessions
title: a second session sees the same UIDVALIDITY and finds the message under the same UID
protocol: imap
ref: RFC 9051 2.3.1.1
level: SHOULD
needs: imap
tags: uid multi-session

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
expect i untagged OK /\[UIDVALIDITY/
capture i uv /UIDVALIDITY ([0-9]+)/
send i a1 FETCH 1 UID
expect i tagged a1 OK
capture i uid /UID ([0-9]+)/
connect j imap
expect j greeting OK
send j b1 LOGIN ${user} ${password}
expect j tagged b1 OK within 30
send j b2 EXAMINE mp-${uniq}
expect j tagged b2 OK
expect j untagged OK /\[UIDVALIDITY ${uv}\]/
send j b3 UID FETCH ${uid} BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]
expect j tagged b3 OK
expect j untagged FETCH /<plain@mailprobe\.test>/
send j b4 LOGOUT
expect j tagged b4 OK
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
