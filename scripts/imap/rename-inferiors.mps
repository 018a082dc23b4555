# RENAME of a parent also renames its child mailboxes
id: imap.rename.inferiors-follow
title: RENAME of a parent also renames its child mailboxes
protocol: imap
ref: RFC 9051 6.3.6
level: MUST
needs: imap
tags: mailbox rename

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
send i a2 RENAME mp-${uniq} mp-${uniq}-r
expect i tagged a2 OK
send i a3 STATUS mp-${uniq}-r${d}kid (MESSAGES)
expect i tagged a3 OK
send i a4 DELETE mp-${uniq}-r${d}kid
expect i tagged a4 OK
send i a5 RENAME mp-${uniq}-r mp-${uniq}
expect i tagged a5 OK
# clean up
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
