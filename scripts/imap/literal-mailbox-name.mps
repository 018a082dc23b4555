# a mailbox name sent as a synchronising literal is the same name as the atom
id: imap.literal.mailbox-name
title: a mailbox name sent as a synchronising literal is the same name as the atom
protocol: imap
ref: RFC 9051 4.3
level: MUST
needs: imap
tags: literal mailbox

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i a1 STATUS {{mp-${uniq}}} (MESSAGES)
expect i tagged a1 OK
expect i untagged STATUS /MESSAGES 1/
# clean up
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
