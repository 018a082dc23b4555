# with CHILDREN, a mailbox with a child is not listed \HasNoChildren, and \HasChildren when an attribute is given
id: imap.children.has-children
title: with CHILDREN, a mailbox with a child is not listed \HasNoChildren, and \HasChildren when an attribute is given
protocol: imap
ref: RFC 3348 3
level: MAY
needs: imap
tags: list children

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap CHILDREN
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i d1 LIST "" ""
expect i tagged d1 OK
capture i d /^\* LIST \([^)]*\) "([^"]*)"/

send i a1 CREATE mp-${uniq}${d}kid
expect i tagged a1 OK
send i a2 LIST "" mp-${uniq}
expect i tagged a2 OK
expect i untagged LIST /^\* LIST \([^)]*\\HasChildren/
send i a3 DELETE mp-${uniq}${d}kid
expect i tagged a3 OK
# clean up
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
