# RENAME to a name that already exists is answered NO
id: imap.rename.to-existing-refused
title: RENAME to a name that already exists is answered NO
protocol: imap
ref: RFC 9051 6.3.6
level: MUST
needs: imap
tags: mailbox rename

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i a1 CREATE mp-${uniq}-b
expect i tagged a1 OK
send i a2 RENAME mp-${uniq} mp-${uniq}-b
expect i tagged a2 NO
send i a3 DELETE mp-${uniq}-b
expect i tagged a3 OK
# clean up
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
