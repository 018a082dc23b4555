# with APPENDLIMIT (per mailbox), STATUS (APPENDLIMIT) answers a number or NIL
id: imap.appendlimit.status
title: with APPENDLIMIT (per mailbox), STATUS (APPENDLIMIT) answers a number or NIL
protocol: imap
ref: RFC 7889 4
level: MUST
needs: imap
tags: appendlimit status

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap APPENDLIMIT
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i a1 STATUS mp-${uniq} (APPENDLIMIT)
expect i tagged a1 OK
expect i untagged STATUS /APPENDLIMIT ([0-9]+|NIL)\)/
# clean up
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
