# FETCH, STORE, SEARCH, EXPUNGE, CLOSE are valid only in the selected state (RFC 9051 6.4)
id: imap.state.selected-commands-unselected
title: FETCH, SEARCH, STORE, EXPUNGE and CLOSE after login but with no mailbox selected are refused
protocol: imap
ref: RFC 9051 6.4
level: MUST
needs: imap
tags: state

connect i imap
expect i greeting OK
send i a1 LOGIN ${user} ${password}
expect i tagged a1 OK within 30
send i a2 FETCH 1 FLAGS
expect i tagged a2 BAD|NO
send i a3 SEARCH ALL
expect i tagged a3 BAD|NO
send i a4 STORE 1 +FLAGS (\\Seen)
expect i tagged a4 BAD|NO
send i a5 EXPUNGE
expect i tagged a5 BAD|NO
send i a6 CLOSE
expect i tagged a6 BAD|NO
send i a7 LOGOUT
expect i tagged a7 OK
