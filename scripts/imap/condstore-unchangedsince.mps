# STORE (UNCHANGEDSINCE n) on a message changed since n is not done and is named in OK [MODIFIED]
id: imap.condstore.unchangedsince-modified
title: STORE (UNCHANGEDSINCE n) on a message changed since n is not done and is named in OK [MODIFIED]
protocol: imap
ref: RFC 7162 3.1.3
level: MUST
needs: imap
tags: condstore store

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap CONDSTORE
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i a0 SELECT mp-${uniq} (CONDSTORE)
expect i tagged a0 OK
send i a1 STORE 1 +FLAGS.SILENT (\\Seen)
expect i tagged a1 OK
send i a2 FETCH 1 (MODSEQ)
expect i tagged a2 OK
capture i ms /MODSEQ \(([0-9]+)\)/
send i a3 STORE 1 (UNCHANGEDSINCE 1) +FLAGS (\\Flagged)
expect i tagged a3 OK /\[MODIFIED 1\]/
check not-stored MUST RFC 7162 3.1.3: the conditional STORE did not change the message
send i a4 FETCH 1 (FLAGS MODSEQ)
expect i tagged a4 OK
expect i untagged FETCH /MODSEQ \(${ms}\)/
# clean up
send i z0 CLOSE
expect i tagged z0 OK|BAD
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
