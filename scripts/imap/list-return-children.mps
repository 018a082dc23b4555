# LIST RETURN (CHILDREN) gives \HasChildren to the parent and \HasNoChildren to the leaf
id: imap.list-extended.return-children
title: LIST RETURN (CHILDREN) gives \HasChildren to the parent and \HasNoChildren to the leaf
protocol: imap
ref: RFC 5258 4
level: MUST
needs: imap
tags: list list-extended children

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap LIST-EXTENDED
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i d1 LIST "" ""
expect i tagged d1 OK
capture i d /^\* LIST \([^)]*\) "([^"]*)"/

send i a1 CREATE mp-${uniq}${d}kid
expect i tagged a1 OK
send i a2 LIST "" (mp-${uniq} mp-${uniq}${d}kid) RETURN (CHILDREN)
expect i tagged a2 OK
expect i untagged LIST /^\* LIST \([^)]*\\HasChildren[^)]*\) "[^"]*" "?mp-${uniq}"?\r?$/
expect i untagged LIST /^\* LIST \([^)]*\\HasNoChildren[^)]*\) "[^"]*" "?mp-${uniq}${d}kid"?\r?$/
send i a3 DELETE mp-${uniq}${d}kid
expect i tagged a3 OK
# clean up
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
