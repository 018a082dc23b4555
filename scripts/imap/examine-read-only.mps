# EXAMINE: the tagged OK MUST begin with [READ-ONLY] (RFC 9051 6.3.3)
id: imap.examine.read-only-code
title: EXAMINE answers OK [READ-ONLY] and the same untagged data as SELECT
protocol: imap
ref: RFC 9051 6.3.3
level: MUST
needs: imap
tags: select examine

connect i imap
expect i greeting OK
send i a1 LOGIN ${user} ${password}
expect i tagged a1 OK within 30
send i a2 CREATE mp-${uniq}
expect i tagged a2 OK
send i a3 APPEND mp-${uniq} {{@data/imap-plain.eml}}
expect i tagged a3 OK
send i a4 EXAMINE mp-${uniq}
expect i tagged a4 OK /^a4 OK \[READ-ONLY\]/
check untagged MUST RFC 9051 6.3.3: EXAMINE returns the same untagged responses as SELECT (FLAGS, EXISTS, UIDVALIDITY)
expect i untagged FLAGS
expect i untagged EXISTS /^\* 1 EXISTS/
expect i untagged OK /\[UIDVALIDITY [0-9]+\]/
check cleanup MUST RFC 9051 6.3.5: the test mailbox is deleted again
send i a5 CLOSE
expect i tagged a5 OK
send i a6 DELETE mp-${uniq}
expect i tagged a6 OK
send i a7 LOGOUT
expect i tagged a7 OK
