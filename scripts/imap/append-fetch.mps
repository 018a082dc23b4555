# APPEND with a synchronising literal, then the message reads back byte for byte
id: imap.append.fetch-back
title: a message APPENDed with a literal FETCHes back as the same octets
protocol: imap
ref: RFC 9051 6.3.12
level: MUST
needs: imap
tags: auth literal

connect i imap
expect i greeting OK
send i a1 LOGIN ${user} ${password}
expect i tagged a1 OK within 30
require i cap UIDPLUS
send i a2 APPEND INBOX {{@data/append.eml}}
expect i tagged a2 OK /APPENDUID/
capture i uid /APPENDUID [0-9]+ ([0-9]+)/
send i a3 EXAMINE INBOX
expect i tagged a3 OK
send i a4 UID FETCH ${uid} BODY.PEEK[]
expect i tagged a4 OK
expect i untagged FETCH
expect i body data/append.eml
send i a5 LOGOUT
expect i tagged a5 OK
