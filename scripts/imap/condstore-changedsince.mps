# FETCH (CHANGEDSINCE n) returns only the messages whose mod-sequence is above n
id: imap.condstore.changedsince
title: FETCH (CHANGEDSINCE n) returns only the messages whose mod-sequence is above n
protocol: imap
ref: RFC 7162 3.1.4.1
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
send i p4 APPEND mp-${uniq} () "03-Jan-2024 11:30:00 +0100" {{@data/imap-multipart.eml}}
expect i tagged p4 OK
send i a0 SELECT mp-${uniq} (CONDSTORE)
expect i tagged a0 OK
capture i hms /HIGHESTMODSEQ ([0-9]+)/
send i a1 STORE 2 +FLAGS.SILENT (\\Flagged)
expect i tagged a1 OK
send i a2 FETCH 1:2 (FLAGS) (CHANGEDSINCE ${hms})
expect i tagged a2 OK
expect i untagged FETCH /^\* 2 FETCH \(.*MODSEQ \(/
check unchanged MUST RFC 7162 3.1.4.1: a message not changed since n gives no FETCH response
send i a3 FETCH 1 (FLAGS) (CHANGEDSINCE ${hms})
expect i tagged a3 OK
expect i no-untagged FETCH
# clean up
send i z0 CLOSE
expect i tagged z0 OK|BAD
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
