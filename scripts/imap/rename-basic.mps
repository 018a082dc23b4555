# RENAME moves the mailbox and its messages to the new name; the old name is gone
id: imap.rename.basic
title: RENAME moves the mailbox and its messages to the new name; the old name is gone
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
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i a1 RENAME mp-${uniq} mp-${uniq}-new
expect i tagged a1 OK
send i a2 STATUS mp-${uniq}-new (MESSAGES)
expect i tagged a2 OK
expect i untagged STATUS /MESSAGES 1\)/
send i a3 STATUS mp-${uniq} (MESSAGES)
expect i tagged a3 NO
send i a4 RENAME mp-${uniq}-new mp-${uniq}
expect i tagged a4 OK
# clean up
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
