# RFC 2449 5: CAPA "Restrictions: none" - it is valid in AUTHORIZATION and
# in TRANSACTION, and answered with a multi-line capability list.
id: pop3.capa.transaction
title: CAPA after login is answered +OK with a multi-line capability list
protocol: pop3
ref: RFC 2449 5
level: MUST
needs: pop3
tags: capa

connect p pop3
expect p ok
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok
send p CAPA
expect p ok multiline
send p STAT
expect p ok
send p QUIT
expect p ok
