# an unknown extension in ENABLE is ignored: OK, and ENABLED lists only the known one
id: imap.enable.unknown-ignored
title: an unknown extension in ENABLE is ignored: OK, and ENABLED lists only the known one
protocol: imap
ref: RFC 5161 3.1
level: MUST
needs: imap
tags: enable

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap ENABLE
require i cap CONDSTORE
send i a1 ENABLE X-MAILPROBE-UNKNOWN CONDSTORE
expect i tagged a1 OK
expect i untagged ENABLED /^\* ENABLED CONDSTORE\r?$/
send i z3 LOGOUT
expect i tagged z3 OK
