# LOGIN arguments are astrings: quoted strings work like atoms (RFC 9051 6.2.3, 9)
id: imap.auth.login-quoted
title: LOGIN with the user name and password as quoted strings succeeds
protocol: imap
ref: RFC 9051 6.2.3
level: MUST
needs: imap
tags: auth

connect i imap
expect i greeting OK
send i a1 LOGIN "${user}" "${password}"
expect i tagged a1 OK within 30
send i a2 LOGOUT
expect i tagged a2 OK
