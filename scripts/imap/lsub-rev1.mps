# SUBSCRIBE makes LSUB list the mailbox; after UNSUBSCRIBE it is not listed
id: imap.lsub.subscribe-unsubscribe
title: SUBSCRIBE makes LSUB list the mailbox; after UNSUBSCRIBE it is not listed
protocol: imap
ref: RFC 3501 6.3.9
level: MUST
needs: imap
tags: subscribe rev1

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap IMAP4rev1
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i a1 SUBSCRIBE mp-${uniq}
expect i tagged a1 OK
send i a2 LSUB "" mp-${uniq}
expect i tagged a2 OK
expect i untagged LSUB /mp-${uniq}"?\r?$/
check unsubscribe MUST RFC 3501 6.3.7: after UNSUBSCRIBE, LSUB no longer lists it
send i a3 UNSUBSCRIBE mp-${uniq}
expect i tagged a3 OK
send i a4 LSUB "" mp-${uniq}
expect i tagged a4 OK
expect i no-untagged LSUB
# clean up
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
