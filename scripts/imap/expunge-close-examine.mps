# CLOSE of a mailbox opened with EXAMINE removes nothing, \Deleted or not
id: imap.close.read-only-keeps
title: CLOSE of a mailbox opened with EXAMINE removes nothing, \Deleted or not
protocol: imap
ref: RFC 9051 6.4.1
level: MUST
needs: imap
tags: expunge close examine

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} (\\Deleted) {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p4 APPEND mp-${uniq} (\\Deleted) {{@data/imap-multipart.eml}}
expect i tagged p4 OK
send i a0 EXAMINE mp-${uniq}
expect i tagged a0 OK
send i a1 CLOSE
expect i tagged a1 OK
send i a2 STATUS mp-${uniq} (MESSAGES)
expect i tagged a2 OK
expect i untagged STATUS /MESSAGES 2\)/
# clean up
send i z0 CLOSE
expect i tagged z0 OK|BAD
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
