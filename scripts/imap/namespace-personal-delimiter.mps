# the personal namespace delimiter is the hierarchy delimiter LIST reports
id: imap.namespace.delimiter-matches-list
title: the personal namespace delimiter is the hierarchy delimiter LIST reports
protocol: imap
ref: RFC 2342 5
level: MUST
needs: imap
tags: namespace list

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap NAMESPACE
send i a1 LIST "" ""
expect i tagged a1 OK
capture i d /^\* LIST \([^)]*\) "([^"]*)"/
send i a2 NAMESPACE
expect i tagged a2 OK
expect i untagged NAMESPACE /^\* NAMESPACE \(\("[^"]*" "${d}"\)/
send i z3 LOGOUT
expect i tagged z3 OK
