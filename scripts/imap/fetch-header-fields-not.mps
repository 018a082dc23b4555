# BODY.PEEK[HEADER.FIELDS.NOT (...)] leaves out the named fields and keeps the blank line
id: imap.fetch.header-fields-not
title: BODY.PEEK[HEADER.FIELDS.NOT (...)] leaves out the named fields and keeps the blank line
protocol: imap
ref: RFC 9051 6.4.5
level: MUST
needs: imap
tags: fetch section

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a1 FETCH 1 BODY.PEEK[HEADER.FIELDS.NOT (Date From To Cc Message-ID MIME-Version Content-Type)]
expect i tagged a1 OK
expect i untagged FETCH /BODY\[HEADER\.FIELDS\.NOT /
expect i body data/imap-plain-subject.txt
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
