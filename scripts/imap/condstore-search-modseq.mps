# SEARCH MODSEQ n finds the changed message and ends the SEARCH response with (MODSEQ m)
id: imap.condstore.search-modseq
title: SEARCH MODSEQ n finds the changed message and ends the SEARCH response with (MODSEQ m)
protocol: imap
ref: RFC 7162 3.1.5
level: MUST
needs: imap
tags: condstore search

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
send i a2 FETCH 2 (MODSEQ)
expect i tagged a2 OK
capture i ms2 /MODSEQ \(([0-9]+)\)/
# MODSEQ n matches mod-sequences equal to or greater than n: only message 2 is that new
send i a3 SEARCH MODSEQ ${ms2}
expect i tagged a3 OK
expect i untagged SEARCH /^\* SEARCH 2 \(MODSEQ ${ms2}\)\r?$/
# clean up
send i z0 CLOSE
expect i tagged z0 OK|BAD
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
