# badserver --mode huge-literal: * 1 FETCH (BODY[] {4294967295}, then slow data.
id: badserver.huge-literal
title: a literal announced as 4294967295 octets is streamed or refused, never held
protocol: imap
ref: RFC 9051 4.3
level: MUST
needs: imap
timeout: 20

connect c imap
expect c greeting OK
send c a1 FETCH 1 (BODY[])
expect c tagged a1 OK within 5
