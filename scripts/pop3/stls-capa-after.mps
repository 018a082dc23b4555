# RFC 2595 4: "Once TLS has been started, the client MUST discard cached
# information about server capabilities and SHOULD re-issue the CAPA
# command."  The STLS capability: "STLS ... only permitted in
# AUTHORIZATION state"; a second STLS over TLS is refused.  Here by hand:
# CAPA lists STLS, STLS gets +OK, the handshake, then CAPA again is +OK
# and a second STLS is -ERR.
id: pop3.stls.manual-then-capa
title: STLS by hand, TLS, then CAPA answers over TLS and a second STLS is -ERR
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
send p CAPA
expect p ok multiline
check second-stls MUST RFC 2595 4: STLS once TLS is active is answered -ERR
send p STLS
expect p err
send p QUIT
expect p ok
