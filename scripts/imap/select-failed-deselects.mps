# A SELECT that fails leaves no mailbox selected (RFC 9051 6.3.2)
id: imap.select.failed-deselects
title: after a SELECT of a missing mailbox fails with NO, the earlier selection is gone
protocol: imap
ref: RFC 9051 6.3.2
level: MUST
needs: imap
tags: select state

connect i imap
expect i greeting OK
send i a1 LOGIN ${user} ${password}
expect i tagged a1 OK within 30
send i a2 EXAMINE INBOX
expect i tagged a2 OK
send i a3 SELECT mp-missing-${uniq}
expect i tagged a3 NO
send i a4 SEARCH ALL
expect i tagged a4 BAD|NO
send i a5 LOGOUT
expect i tagged a5 OK
