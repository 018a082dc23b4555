# NAMESPACE answers one untagged NAMESPACE with personal, other users and shared namespaces (each a list or NIL)
id: imap.namespace.response
title: NAMESPACE answers one untagged NAMESPACE with personal, other users and shared namespaces (each a list or NIL)
protocol: imap
ref: RFC 2342 5
level: MUST
needs: imap
tags: namespace

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap NAMESPACE
send i a1 NAMESPACE
expect i tagged a1 OK
expect i untagged NAMESPACE /^\* NAMESPACE (NIL|\(\(".*"\)\)) (NIL|\(\(.*\)\)) (NIL|\(\(.*\)\))\r?$/
send i z3 LOGOUT
expect i tagged z3 OK
