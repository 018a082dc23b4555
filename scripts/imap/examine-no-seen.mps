# In a mailbox opened with EXAMINE nothing permanent changes: FETCH BODY[] does not set \Seen (RFC 9051 6.3.3)
id: imap.examine.fetch-keeps-unseen
title: FETCH BODY[] in an EXAMINEd mailbox does not set \Seen
protocol: imap
ref: RFC 9051 6.3.3
level: MUST
needs: imap
tags: examine fetch seen

connect i imap
expect i greeting OK
send i a1 LOGIN ${user} ${password}
expect i tagged a1 OK within 30
send i a2 CREATE mp-${uniq}
expect i tagged a2 OK
send i a3 APPEND mp-${uniq} () {{@data/imap-plain.eml}}
expect i tagged a3 OK
send i a4 EXAMINE mp-${uniq}
expect i tagged a4 OK
send i a5 FETCH 1 BODY[]
expect i tagged a5 OK
send i a6 SELECT mp-${uniq}
expect i tagged a6 OK
send i a7 FETCH 1 FLAGS
expect i tagged a7 OK
expect i untagged FETCH /^\* 1 FETCH \(FLAGS \((\\Recent)?\)\)/
send i a8 CLOSE
expect i tagged a8 OK
send i a9 DELETE mp-${uniq}
expect i tagged a9 OK
send i b1 LOGOUT
expect i tagged b1 OK
