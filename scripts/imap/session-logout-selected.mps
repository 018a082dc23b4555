# LOGOUT with a mailbox selected (RFC 9051 6.1.3: BYE, then OK, then close)
id: imap.session.logout-selected
title: LOGOUT in the selected state sends BYE, then the tagged OK, then closes
protocol: imap
ref: RFC 9051 6.1.3
level: MUST
needs: imap
tags: session

connect i imap
expect i greeting OK
send i a1 LOGIN ${user} ${password}
expect i tagged a1 OK within 30
send i a2 EXAMINE INBOX
expect i tagged a2 OK
send i a3 LOGOUT
expect i line /^\* BYE/
expect i tagged a3 OK
expect i closed
