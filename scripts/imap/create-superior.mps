# CREATE a.b.c creates the superior names a.b as needed
id: imap.create.superior-names
title: CREATE a.b.c creates the superior names a.b as needed
protocol: imap
ref: RFC 9051 6.3.4
level: SHOULD
needs: imap
tags: mailbox create

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i d1 LIST "" ""
expect i tagged d1 OK
capture i d /^\* LIST \([^)]*\) "([^"]*)"/

send i a1 CREATE mp-${uniq}${d}mid${d}leaf
expect i tagged a1 OK
send i a2 LIST "" mp-${uniq}${d}mid
expect i tagged a2 OK
expect i untagged LIST /[ "]mp-${uniq}${d}mid"?\r?$/
send i a3 DELETE mp-${uniq}${d}mid${d}leaf
expect i tagged a3 OK
send i a4 DELETE mp-${uniq}${d}mid
expect i tagged a4 OK|NO
# clean up
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
