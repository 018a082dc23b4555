# An unknown command gets the negative status indicator (RFC 1939 3)
id: pop3.command.unknown
title: an unknown command is answered -ERR and the session goes on
protocol: pop3
ref: RFC 1939 3
level: MUST
needs: pop3

connect p pop3
expect p ok
send p XYZZY
expect p err
send p NOOP
expect p err
send p QUIT
expect p ok
