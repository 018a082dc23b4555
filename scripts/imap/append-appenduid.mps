# APPEND answers OK [APPENDUID uidvalidity uid] naming the mailbox UIDVALIDITY and the new message UID
id: imap.uidplus.appenduid
title: APPEND answers OK [APPENDUID uidvalidity uid] naming the mailbox UIDVALIDITY and the new message UID
protocol: imap
ref: RFC 4315 3
level: MUST
needs: imap
tags: append uidplus

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap UIDPLUS
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a1 STATUS mp-${uniq} (UIDVALIDITY)
expect i tagged a1 OK
capture i uv /UIDVALIDITY ([0-9]+)/
send i a2 APPEND mp-${uniq} {{@data/imap-plain.eml}}
expect i tagged a2 OK /\[APPENDUID ${uv} [0-9]+\]/
capture i uid /APPENDUID [0-9]+ ([0-9]+)/
check uid-valid MUST RFC 4315 3: the UID from APPENDUID names the appended message
send i a3 EXAMINE mp-${uniq}
expect i tagged a3 OK
send i a4 UID FETCH ${uid} RFC822.SIZE
expect i tagged a4 OK
expect i untagged FETCH /RFC822\.SIZE 322/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
