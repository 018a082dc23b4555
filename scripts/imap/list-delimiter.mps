# LIST "" "" returns the hierarchy delimiter (or NIL) and an empty root name
id: imap.list.empty-name-delimiter
title: LIST "" "" returns the hierarchy delimiter (or NIL) and an empty root name
protocol: imap
ref: RFC 9051 6.3.9
level: MUST
needs: imap
tags: list

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i a1 LIST "" ""
expect i tagged a1 OK
expect i untagged LIST /^\* LIST \([^)]*\) ("."|"\\\\"|NIL) ""\r?$/
send i z3 LOGOUT
expect i tagged z3 OK
