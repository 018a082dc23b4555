# USER/PASS, then STAT agrees with LIST (RFC 1939 5)
id: pop3.transaction.stat-list
title: after USER and PASS, STAT and LIST answer with drop and scan listings
protocol: pop3
ref: RFC 1939 5
level: MUST
needs: pop3
tags: auth

connect p pop3
expect p ok
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok
send p STAT
expect p ok /^[0-9]+ [0-9]+/
capture p count /^\+OK ([0-9]+) /
send p LIST
expect p ok multiline
send p UIDL
expect p ok multiline
send p QUIT
expect p ok
expect p closed
