# AUTHENTICATE PLAIN with a wrong password: NO (RFC 9051 6.2.2, RFC 4616 2)
id: imap.auth.plain-wrong-password
title: AUTHENTICATE PLAIN with wrong credentials is answered NO
protocol: imap
ref: RFC 9051 6.2.2
level: MUST
needs: imap
tags: auth sasl

connect i imap
expect i greeting OK
send i a1 CAPABILITY
expect i tagged a1 OK
require i cap AUTH=PLAIN
send i a2 AUTHENTICATE PLAIN
expect i continue
# base64 of NUL "mailprobe-nouser" NUL "wrong-password"
send i AG1haWxwcm9iZS1ub3VzZXIAd3JvbmctcGFzc3dvcmQ=
expect i tagged a2 NO within 20
send i a3 LOGOUT
expect i tagged a3 OK
