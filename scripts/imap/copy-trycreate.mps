# COPY to a missing mailbox fails with NO [TRYCREATE]
id: imap.copy.trycreate
title: COPY to a missing mailbox fails with NO [TRYCREATE]
protocol: imap
ref: RFC 3501 6.4.7
level: MUST
needs: imap
tags: copy

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
send i a1 COPY 1 mp-missing-${uniq}
expect i tagged a1 NO /^a1 NO \[TRYCREATE\]/
check not-created SHOULD RFC 9051 6.4.7: the destination is not created by COPY
send i a2 STATUS mp-missing-${uniq} (MESSAGES)
expect i tagged a2 NO
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
