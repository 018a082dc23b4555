# with QRESYNC enabled, expunged messages are reported with VANISHED, not EXPUNGE
id: imap.qresync.vanished-not-expunge
title: with QRESYNC enabled, expunged messages are reported with VANISHED, not EXPUNGE
protocol: imap
ref: RFC 7162 3.2.10
level: MUST
needs: imap
tags: qresync expunge

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap QRESYNC
require i cap ENABLE
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p4 APPEND mp-${uniq} () "03-Jan-2024 11:30:00 +0100" {{@data/imap-multipart.eml}}
expect i tagged p4 OK
send i a0 ENABLE QRESYNC
expect i tagged a0 OK
send i a1 SELECT mp-${uniq}
expect i tagged a1 OK
send i a2 UID FETCH 1:* UID
expect i tagged a2 OK
capture i uid /^\* 1 FETCH \(.*UID ([0-9]+)/
send i a3 STORE 1 +FLAGS.SILENT (\\Deleted)
expect i tagged a3 OK
send i a4 EXPUNGE
expect i tagged a4 OK
expect i untagged VANISHED /^\* VANISHED ${uid}\r?$/
expect i no-untagged EXPUNGE
# clean up
send i z0 CLOSE
expect i tagged z0 OK|BAD
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
