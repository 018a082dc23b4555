# A command pipelined behind STLS in the same write belongs to the
# plaintext phase.  RFC 2595 4: after "+OK" to STLS the TLS negotiation
# begins; the server must not go on answering in clear.  This checks the
# visible half of the CVE-2011-0411 class: after the go-ahead nothing
# more arrives in plaintext (no answer to the CAPA sent behind STLS).
# Whether the CAPA is later answered inside TLS cannot be asked without a
# handshake, and a server may (safely) fail that handshake because the
# octets "CAPA\r\n" stand where the ClientHello should be - Dovecot does.
id: pop3.stls.pipelined-no-plaintext-answer
title: CAPA pipelined behind STLS is not answered in plaintext after the +OK go-ahead
protocol: pop3
ref: RFC 2595 4
level: MUST
needs: pop3
tags: stls tls security

connect p pop3
expect p ok
send p CAPA
expect p ok multiline
require p cap STLS
sendraw p STLS\r\nCAPA\r\n
expect p ok
expect p silence 1500
close p
