# LITERAL+: a non-synchronising literal {n+} is taken without a continuation request
id: imap.literal.plus-no-continuation
title: LITERAL+: a non-synchronising literal {n+} is taken without a continuation request
protocol: imap
ref: RFC 7888 3
level: MUST
needs: imap
tags: literal literal-plus

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap LITERAL+
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i a1 APPEND mp-${uniq} {{+@data/imap-plain.eml}}
expect i line /^(\* [0-9]+ (EXISTS|RECENT)|a1 OK)/
# clean up
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
