# FETCH MODSEQ returns the mod-sequence of the message as MODSEQ (n)
id: imap.condstore.fetch-modseq
title: FETCH MODSEQ returns the mod-sequence of the message as MODSEQ (n)
protocol: imap
ref: RFC 7162 3.1.4
level: MUST
needs: imap
tags: condstore fetch

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap CONDSTORE
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a1 FETCH 1 (MODSEQ)
expect i tagged a1 OK
expect i untagged FETCH /MODSEQ \([1-9][0-9]*\)/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
