# each untagged EXPUNGE decrements the numbers of later messages at once, also for the following EXPUNGE responses (RFC 9051 7.5.1)
id: imap.expunge.sequence-decrement
title: EXPUNGE of messages 2 and 3 of 4 reports them so that each number counts the earlier removals
protocol: imap
ref: RFC 9051 7.5.1
level: MUST
needs: imap
tags: expunge

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p4 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p4 OK
send i p5 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p5 OK
send i p6 APPEND mp-${uniq} () "03-Jan-2024 11:30:00 +0100" {{@data/imap-multipart.eml}}
expect i tagged p6 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a1 STORE 2:3 +FLAGS.SILENT (\\Deleted)
expect i tagged a1 OK
send i a2 EXPUNGE
expect i tagged a2 OK
# valid: "2, 2" (ascending, decremented) or "3, 2" (descending); "2, 3" would name the old message 4
capture i order /(\* 2 EXPUNGE[\r\n]+\* 2 EXPUNGE|\* 3 EXPUNGE[\r\n]+\* 2 EXPUNGE)/
check kept MUST RFC 9051 6.4.3: only the \Deleted messages are removed: 1 and the old 4 are left, as 1 and 2
send i a3 FETCH 1:* RFC822.SIZE
expect i tagged a3 OK
expect i untagged FETCH /^\* 1 FETCH \(RFC822\.SIZE 322\)/
expect i untagged FETCH /^\* 2 FETCH \(RFC822\.SIZE 676\)/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
