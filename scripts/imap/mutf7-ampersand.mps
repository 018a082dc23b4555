# an "&" in a mailbox name is written "&-" and comes back as "&-"
id: imap.mutf7.ampersand
title: an "&" in a mailbox name is written "&-" and comes back as "&-"
protocol: imap
ref: RFC 3501 5.1.3
level: MUST
needs: imap
tags: mailbox-name mutf7

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i a1 CREATE "mp-${uniq}-a&-b"
expect i tagged a1 OK
send i a2 LIST "" "mp-${uniq}-*"
expect i tagged a2 OK
expect i untagged LIST /[ "]mp-${uniq}-a&-b"?\r?$/
send i a3 DELETE "mp-${uniq}-a&-b"
expect i tagged a3 OK
send i z3 LOGOUT
expect i tagged z3 OK
