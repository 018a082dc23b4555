# LIST is a TRANSACTION-state command: "Restrictions: may only be given in
# the TRANSACTION state" (RFC 1939 5, under LIST).  Before USER/PASS or AUTH
# has succeeded the session is in AUTHORIZATION, so the server must answer
# with the negative status indicator and stay in AUTHORIZATION (a login
# afterwards still works).
id: pop3.state.list-before-login
title: LIST in the AUTHORIZATION state is answered -ERR and a login still works after it
protocol: pop3
ref: RFC 1939 5
level: MUST
needs: pop3
tags: state

connect p pop3
expect p ok
send p LIST 1
expect p err
check login MUST RFC 1939 4: after the refused command the session is still in AUTHORIZATION and USER/PASS logs in
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok
send p QUIT
expect p ok
expect p closed
