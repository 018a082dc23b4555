# a message added by another session is reported by EXISTS in answer to NOOP
id: imap.session.noop-reports-exists
title: a message added by another session is reported by EXISTS in answer to NOOP
protocol: imap
ref: RFC 9051 5.2
level: MUST
needs: imap
tags: session multi-session exists

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
connect j imap
expect j greeting OK
send j b1 LOGIN ${user} ${password}
expect j tagged b1 OK within 30
send j b2 APPEND mp-${uniq} {{@data/imap-multipart.eml}}
expect j tagged b2 OK
send j b3 LOGOUT
expect j tagged b3 OK
until 10
send i a1 NOOP
expect i tagged a1 OK
expect i untagged EXISTS /^\* 2 EXISTS/
end
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
