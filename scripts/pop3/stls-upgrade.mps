# RFC 2595 4 (STLS): "+OK Begin TLS negotiation", then the handshake; the
# session stays in AUTHORIZATION and USER/PASS work over TLS.  The engine's
# "connect ... starttls" sends CAPA and STLS, handshakes and shows the
# greeting again; a server without STLS makes the script skip.
id: pop3.stls.upgrade-login
title: STLS upgrades the connection; over TLS the session is in AUTHORIZATION and USER/PASS log in
protocol: pop3
ref: RFC 2595 4
level: MUST
needs: pop3
tags: stls tls

connect p pop3 starttls
expect p ok
send p STAT
expect p err
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok
send p STAT
expect p ok /^[0-9]+ [0-9]+/
send p QUIT
expect p ok
