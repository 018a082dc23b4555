# a mailbox created with a modified UTF-7 name (&AOk- for e-acute) is listed under exactly that name
id: imap.mutf7.roundtrip
title: a mailbox created with a modified UTF-7 name (&AOk- for e-acute) is listed under exactly that name
protocol: imap
ref: RFC 3501 5.1.3
level: MUST
needs: imap
tags: mailbox-name mutf7

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i a1 CREATE mp-${uniq}-&AOk-t&AOk-
expect i tagged a1 OK
send i a2 LIST "" mp-${uniq}-*
expect i tagged a2 OK
expect i untagged LIST /[ "]mp-${uniq}-&AOk-t&AOk-"?\r?$/
send i a3 STATUS mp-${uniq}-&AOk-t&AOk- (MESSAGES)
expect i tagged a3 OK
send i a4 DELETE mp-${uniq}-&AOk-t&AOk-
expect i tagged a4 OK
send i z3 LOGOUT
expect i tagged z3 OK
