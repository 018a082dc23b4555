# a SEARCH with no match still sends the untagged SEARCH response, empty
id: imap.search.no-match
title: a SEARCH with no match still sends the untagged SEARCH response, empty
protocol: imap
ref: RFC 3501 6.4.4
level: MUST
needs: imap
tags: search

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p4 APPEND mp-${uniq} () "03-Jan-2024 11:30:00 +0100" {{@data/imap-multipart.eml}}
expect i tagged p4 OK
send i p5 APPEND mp-${uniq} () "04-Jan-2024 12:00:00 +0000" {{@data/imap-8bit.eml}}
expect i tagged p5 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a1 SEARCH SUBJECT "no-such-subject-xyzzy"
expect i tagged a1 OK
expect i untagged SEARCH /^\* SEARCH\r?$/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
