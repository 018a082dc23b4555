# An unknown command is a protocol error: tagged BAD, and the session goes on (RFC 9051 7.1.3)
id: imap.syntax.bad-unknown-command
title: an unknown command is answered with a tagged BAD and the connection stays usable
protocol: imap
ref: RFC 9051 7.1.3
level: MUST
needs: imap
tags: basic syntax bad

connect i imap
expect i greeting OK
send i a1 XMPFROBNICATE now
expect i tagged a1 BAD
send i a2 NOOP
expect i tagged a2 OK
send i a3 LOGIN ${user} ${password}
expect i tagged a3 OK within 30
send i a4 XMPFROBNICATE again
expect i tagged a4 BAD
send i a5 LOGOUT
expect i tagged a5 OK
