# UNSELECT leaves the selected state without removing \Deleted messages
id: imap.unselect.keeps-deleted
title: UNSELECT leaves the selected state without removing \Deleted messages
protocol: imap
ref: RFC 3691 2
level: MUST
needs: imap
tags: expunge unselect

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap UNSELECT
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} (\\Deleted) {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i a0 SELECT mp-${uniq}
expect i tagged a0 OK
send i a1 UNSELECT
expect i tagged a1 OK
expect i no-untagged EXPUNGE
check state MUST RFC 3691 2: after UNSELECT no mailbox is selected: FETCH is refused
send i a2 FETCH 1 FLAGS
expect i tagged a2 BAD|NO
check kept MUST RFC 3691 2: the \Deleted message is still there
send i a3 STATUS mp-${uniq} (MESSAGES)
expect i tagged a3 OK
expect i untagged STATUS /MESSAGES 1\)/
# clean up
send i z0 CLOSE
expect i tagged z0 OK|BAD
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
