# LITERAL+ announced before login: LOGIN with {n+} literals succeeds
id: imap.literal.plus-before-login
title: LITERAL+ announced before login: LOGIN with {n+} literals succeeds
protocol: imap
ref: RFC 7888 3
level: MUST
needs: imap
tags: literal literal-plus auth

connect i imap
expect i greeting OK
send i a0 CAPABILITY
expect i tagged a0 OK
require i cap LITERAL+
send i a1 LOGIN {{+${user}}} {{+${password}}}
expect i tagged a1 OK within 30
send i z3 LOGOUT
expect i tagged z3 OK
