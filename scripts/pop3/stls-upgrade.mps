# RFC 2595 4 (STLS): "+OK Begin TLS negotiation", then the handshake; the
# session stays in AUTHORIZATION ("the server remains in AUTHORIZATION
# state") and USER/PASS work over TLS.  Done by hand (STLS, then "tls"), so
# that on an implicit-TLS target (pop3s), where CAPA does not offer STLS,
# the script skips instead of talking plaintext to a TLS port.
id: pop3.stls.upgrade-login
title: STLS upgrades the connection; over TLS the session is in AUTHORIZATION and USER/PASS log in
protocol: pop3
ref: RFC 2595 4
level: MUST
needs: pop3
tags: stls tls

connect p pop3
expect p ok
send p CAPA
expect p ok multiline
require p cap STLS
send p STLS
expect p ok
tls p
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
