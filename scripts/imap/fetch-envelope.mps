# ENVELOPE carries date, subject, from, sender, reply-to, to, cc, bcc, in-reply-to and message-id in order
id: imap.fetch.envelope
title: ENVELOPE carries date, subject, from, sender, reply-to, to, cc, bcc, in-reply-to and message-id in order
protocol: imap
ref: RFC 9051 7.5.2
level: MUST
needs: imap
tags: fetch envelope

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "02-Jan-2024 10:00:00 +0000" {{@data/imap-plain.eml}}
expect i tagged p3 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a1 FETCH 1 ENVELOPE
expect i tagged a1 OK
expect i untagged FETCH /ENVELOPE \("Tue, 2 Jan 2024 10:00:00 \+0000" "mailprobe plain" \(\("Probe Sender" NIL "sender" "mailprobe\.test"\)\) \(\("Probe Sender" NIL "sender" "mailprobe\.test"\)\) \(\("Probe Sender" NIL "sender" "mailprobe\.test"\)\) \(\("Alice" NIL "alice" "mailprobe\.test"\)\) \(\(NIL NIL "carol" "mailprobe\.test"\)\) NIL NIL "<plain@mailprobe\.test>"\)/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
