# RFC 1939 4 (QUIT in the AUTHORIZATION state): "Possible Responses: +OK";
# the server then closes the connection without entering UPDATE.
id: pop3.quit.authorization
title: QUIT before login is +OK and the server closes the connection
protocol: pop3
ref: RFC 1939 4
level: MUST
needs: pop3
tags: basic

connect p pop3
expect p ok
send p QUIT
expect p ok
expect p closed
