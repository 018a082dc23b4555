# BODYSTRUCTURE of multipart/mixed lists each part, the subtype MIXED and the boundary parameter
id: imap.fetch.bodystructure-multipart
title: BODYSTRUCTURE of multipart/mixed lists each part, the subtype MIXED and the boundary parameter
protocol: imap
ref: RFC 9051 7.5.2
level: MUST
needs: imap
tags: fetch bodystructure mime

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i p2 CREATE mp-${uniq}
expect i tagged p2 OK
send i p3 APPEND mp-${uniq} () "03-Jan-2024 11:30:00 +0100" {{@data/imap-multipart.eml}}
expect i tagged p3 OK
send i p9 SELECT mp-${uniq}
expect i tagged p9 OK
send i a1 FETCH 1 BODYSTRUCTURE
expect i tagged a1 OK
expect i untagged FETCH /BODYSTRUCTURE \(\("TEXT" "PLAIN" \("CHARSET" "us-ascii"\) NIL NIL "7BIT" 14 [0-9]+/
check parts MUST RFC 9051 7.5.2: the base64 part and the message/rfc822 part (with its envelope) follow, then "MIXED" and the boundary
expect i untagged FETCH /\("APPLICATION" "OCTET-STREAM" NIL NIL NIL "BASE64" 8[ )]/
expect i untagged FETCH /\("MESSAGE" "RFC822" NIL NIL NIL "7BIT" [0-9]+ \((NIL|")/
expect i untagged FETCH /\) "MIXED" \("BOUNDARY" "mpb-outer"\)/
# clean up
send i z1 CLOSE
expect i tagged z1 OK
send i z2 DELETE mp-${uniq}
expect i tagged z2 OK
send i z3 LOGOUT
expect i tagged z3 OK
