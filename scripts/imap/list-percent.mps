# the % wildcard does not match the hierarchy delimiter, * does
id: imap.list.percent-stops-at-delimiter
title: the % wildcard does not match the hierarchy delimiter, * does
protocol: imap
ref: RFC 9051 6.3.9
level: MUST
needs: imap
tags: list

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i d1 LIST "" ""
expect i tagged d1 OK
capture i d /^\* LIST \([^)]*\) "([^"]*)"/

send i a1 CREATE mp-${uniq}${d}kid
expect i tagged a1 OK
send i a2 LIST "" mp-${uniq}*kid
expect i tagged a2 OK
expect i untagged LIST /mp-${uniq}${d}kid"?\r?$/
check percent MUST RFC 9051 6.3.9: mp-X%kid matches nothing, as the only kid is one level down
send i a3 LIST "" mp-${uniq}%kid
expect i tagged a3 OK
expect i no-untagged LIST
send i a4 DELETE mp-${uniq}${d}kid
expect i tagged a4 OK
# clean up
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
