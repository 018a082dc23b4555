# LIST of a name that matches nothing is OK with no LIST response
id: imap.list.no-match
title: LIST of a name that matches nothing is OK with no LIST response
protocol: imap
ref: RFC 9051 6.3.9
level: MUST
needs: imap
tags: list

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i a1 LIST "" mp-missing-${uniq}
expect i tagged a1 OK
expect i no-untagged LIST
send i z3 LOGOUT
expect i tagged z3 OK
