# COPY answers OK [COPYUID destination-uidvalidity source-uid new-uid]
id: imap.uidplus.copyuid
title: COPY answers OK [COPYUID destination-uidvalidity source-uid new-uid]
protocol: imap
ref: RFC 4315 3
level: MUST
needs: imap
tags: copy uidplus

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap UIDPLUS
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a0 CREATE mp-${uniq}-dst
expect i tagged a0 OK
send i a1 STATUS mp-${uniq}-dst (UIDVALIDITY)
expect i tagged a1 OK
capture i uv /UIDVALIDITY ([0-9]+)/
send i a2 FETCH 1 UID
expect i tagged a2 OK
capture i uid /UID ([0-9]+)/
send i a3 COPY 1 mp-${uniq}-dst
expect i tagged a3 OK /\[COPYUID ${uv} ${uid} [0-9]+\]/
send i a4 STATUS mp-${uniq}-dst (MESSAGES)
expect i tagged a4 OK
expect i untagged STATUS /MESSAGES 1\)/
send i a5 DELETE mp-${uniq}-dst
expect i tagged a5 OK
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
