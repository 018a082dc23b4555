# RFC 2449 6.1 (TOP) and 6.8 (UIDL): a server that announces TOP and UIDL "supports the
# optional TOP/UIDL command"; so both answer +OK with a multi-line listing.
id: pop3.capa.top-uidl-work
title: TOP and UIDL, when announced by CAPA, are answered +OK (TOP n 0 and UIDL listings)
protocol: pop3
ref: RFC 2449 6.1
level: MUST
needs: pop3 imap
tags: capa top uidl

connect i imap
expect i greeting OK
send i a1 LOGIN ${user} ${password}
expect i tagged a1 OK
send i a2 APPEND INBOX {{@data/pop3-top.eml}}
expect i tagged a2 OK
send i a3 LOGOUT
expect i tagged a3 OK
connect p pop3
expect p ok
send p CAPA
expect p ok multiline
require p cap TOP
require p cap UIDL
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok
send p STAT
expect p ok
capture p n /^\+OK ([0-9]+) /
send p TOP ${n} 0
expect p ok multiline
expect p body data/pop3-top-0.txt
send p UIDL
expect p ok multiline
send p UIDL ${n}
expect p ok
send p DELE ${n}
expect p ok
send p QUIT
expect p ok
