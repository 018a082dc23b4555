# CREATE name plus the hierarchy delimiter creates the name without it
id: imap.create.trailing-delimiter
title: CREATE name plus the hierarchy delimiter creates the name without it
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
send i d1 LIST "" ""
expect i tagged d1 OK
capture i d /^\* LIST \([^)]*\) "([^"]*)"/

send i a1 CREATE mp-${uniq}${d}sub${d}
expect i tagged a1 OK
send i a2 LIST "" mp-${uniq}${d}sub
expect i tagged a2 OK
expect i untagged LIST /[ "]mp-${uniq}${d}sub"?\r?$/
send i a3 DELETE mp-${uniq}${d}sub
expect i tagged a3 OK
# clean up
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
