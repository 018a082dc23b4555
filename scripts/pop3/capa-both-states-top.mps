# RFC 2449 5 (CAPA): "Capabilities available in the AUTHORIZATION state
# MUST be announced in both states."  The capability descriptions say the
# same per capability (the "Announced states" line of each capability,
# RFC 2449 5 for TOP).  When CAPA before login lists TOP, CAPA after
# login must list it too.  Skipped when the server does not announce TOP.
id: pop3.capa.both-states-top
title: TOP, announced by CAPA in AUTHORIZATION, is announced by CAPA in TRANSACTION too
protocol: pop3
ref: RFC 2449 5
level: MUST
needs: pop3
tags: capa

connect p pop3
expect p ok
send p CAPA
expect p ok multiline
require p cap TOP
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok
send p CAPA
expect p ok multiline
capture p c /^(TOP)( |\r?$)/
send p QUIT
expect p ok
