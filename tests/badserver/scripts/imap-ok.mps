# badserver --mode imap-ok: a minimal correct IMAP4rev1 server, one message.
id: badserver.imap-ok
title: a correct IMAP dialogue passes, synchronising literals included
protocol: imap
ref: RFC 3501 6
level: MUST
needs: imap
timeout: 20

connect c imap
expect c greeting OK
send c a1 CAPABILITY
expect c tagged a1 OK
expect c untagged CAPABILITY /IMAP4rev1/
send c a2 LOGIN {{tester}} {{secret}}
expect c tagged a2 OK
send c a3 SELECT INBOX
expect c tagged a3 OK
expect c untagged EXISTS
send c a4 FETCH 1 (BODY.PEEK[])
expect c tagged a4 OK
expect c untagged FETCH /BODY/
send c a5 LOGOUT
expect c tagged a5 OK
expect c untagged BYE
expect c closed
