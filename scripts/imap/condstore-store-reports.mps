# once CONDSTORE is enabled, the FETCH caused by STORE carries UID and MODSEQ
id: imap.condstore.store-has-uid-modseq
title: once CONDSTORE is enabled, the FETCH caused by STORE carries UID and MODSEQ
protocol: imap
ref: RFC 7162 3.1.4
level: MUST
needs: imap
tags: condstore store

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap CONDSTORE
require i cap ENABLE
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i a0 ENABLE CONDSTORE
expect i tagged a0 OK
send i a1 SELECT mp-${uniq}
expect i tagged a1 OK
send i a2 STORE 1 +FLAGS (\\Flagged)
expect i tagged a2 OK
expect i untagged FETCH /UID [0-9]+/
expect i untagged FETCH /MODSEQ \([1-9][0-9]*\)/
# clean up
send i z0 CLOSE
expect i tagged z0 OK|BAD
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
