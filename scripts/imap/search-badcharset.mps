# SEARCH with an unknown CHARSET is refused with NO, not BAD
id: imap.search.badcharset
title: SEARCH with an unknown CHARSET is refused with NO, not BAD
protocol: imap
ref: RFC 9051 6.4.4
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
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a1 SEARCH CHARSET X-MAILPROBE-UNKNOWN SUBJECT x
expect i tagged a1 NO
check code SHOULD RFC 3501 6.4.4: the NO carries the BADCHARSET response code
send i a2 SEARCH CHARSET X-MAILPROBE-UNKNOWN SUBJECT x
expect i tagged a2 NO /\[BADCHARSET/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
