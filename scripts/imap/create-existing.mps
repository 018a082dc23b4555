# CREATE of a name that already exists is answered NO
id: imap.create.existing-refused
title: CREATE of a name that already exists is answered NO
protocol: imap
ref: RFC 9051 6.3.4
level: MUST
needs: imap
tags: mailbox create

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i a1 CREATE mp-${uniq}
expect i tagged a1 NO
# clean up
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
