# STORE -FLAGS removes the flags named, and the FETCH shows none left
id: imap.store.remove-flags
title: STORE -FLAGS removes the flags named, and the FETCH shows none left
protocol: imap
ref: RFC 9051 6.4.6
level: MUST
needs: imap
tags: store flags

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} (\\Flagged \\Seen) {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a1 STORE 1 -FLAGS (\\Flagged \\Seen)
expect i tagged a1 OK
expect i untagged FETCH /FLAGS \((\\Recent)?\)/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
