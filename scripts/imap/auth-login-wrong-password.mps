# Wrong credentials: tagged NO, still not authenticated (RFC 9051 6.2.3)
id: imap.auth.login-wrong-password
title: LOGIN with a wrong password is answered NO and leaves the session unauthenticated
protocol: imap
ref: RFC 9051 6.2.3
level: MUST
needs: imap
tags: auth

connect i imap
expect i greeting OK
send i a1 LOGIN ${user} "mailprobe-wrong-${uniq}"
expect i tagged a1 NO within 20
send i a2 SELECT INBOX
expect i tagged a2 BAD|NO
send i a3 LOGOUT
expect i tagged a3 OK
