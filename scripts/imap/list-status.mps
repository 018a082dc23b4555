# LIST RETURN (STATUS (MESSAGES UIDNEXT)) sends a STATUS response for the listed mailbox
id: imap.list-status.return-status
title: LIST RETURN (STATUS (MESSAGES UIDNEXT)) sends a STATUS response for the listed mailbox
protocol: imap
ref: RFC 5819 2
level: MUST
needs: imap
tags: list list-status status

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap LIST-STATUS
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i a1 LIST "" mp-${uniq} RETURN (STATUS (MESSAGES UIDNEXT))
expect i tagged a1 OK
expect i untagged LIST /mp-${uniq}/
expect i untagged STATUS /^\* STATUS "?mp-${uniq}"? \(.*MESSAGES 1/
# clean up
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
