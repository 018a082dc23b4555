# LIST (SUBSCRIBED) lists the subscribed mailbox with the \Subscribed attribute
id: imap.list-extended.subscribed
title: LIST (SUBSCRIBED) lists the subscribed mailbox with the \Subscribed attribute
protocol: imap
ref: RFC 5258 3.1
level: MUST
needs: imap
tags: list list-extended subscribe

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap LIST-EXTENDED
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i a1 SUBSCRIBE mp-${uniq}
expect i tagged a1 OK
send i a2 LIST (SUBSCRIBED) "" mp-${uniq}
expect i tagged a2 OK
expect i untagged LIST /^\* LIST \([^)]*\\Subscribed/
send i a3 UNSUBSCRIBE mp-${uniq}
expect i tagged a3 OK
# clean up
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
