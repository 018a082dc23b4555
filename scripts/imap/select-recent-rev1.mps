# IMAP4rev1 only: SELECT must send an untagged RECENT (RFC 3501 6.3.1, REQUIRED untagged responses)
id: imap.select.recent-rev1
title: an IMAP4rev1 server sends "* n RECENT" in answer to SELECT
protocol: imap
ref: RFC 3501 6.3.1
level: MUST
needs: imap
tags: select rev1

connect i imap
expect i greeting OK
send i a1 CAPABILITY
expect i tagged a1 OK
require i cap IMAP4rev1
send i a2 LOGIN ${user} ${password}
expect i tagged a2 OK within 30
send i a3 CREATE mp-${uniq}
expect i tagged a3 OK
send i a4 APPEND mp-${uniq} {{@data/imap-plain.eml}}
expect i tagged a4 OK
send i a5 SELECT mp-${uniq}
expect i tagged a5 OK
expect i untagged RECENT /^\* [0-9]+ RECENT/
send i a6 CLOSE
expect i tagged a6 OK
send i a7 DELETE mp-${uniq}
expect i tagged a7 OK
send i a8 LOGOUT
expect i tagged a8 OK
