# ENABLE CONDSTORE answers an untagged ENABLED listing CONDSTORE
id: imap.enable.condstore
title: ENABLE CONDSTORE answers an untagged ENABLED listing CONDSTORE
protocol: imap
ref: RFC 5161 3.2
level: MUST
needs: imap
tags: enable condstore

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap ENABLE
require i cap CONDSTORE
send i a1 ENABLE CONDSTORE
expect i tagged a1 OK
expect i untagged ENABLED /^\* ENABLED CONDSTORE\r?$/
send i z3 LOGOUT
expect i tagged z3 OK
