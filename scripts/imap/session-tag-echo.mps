# The tagged result carries the client's tag as sent (RFC 9051 2.2.2)
id: imap.session.tag-echo
title: an unusual but valid tag (letters, digits, dots, dashes) is echoed exactly in the tagged response
protocol: imap
ref: RFC 9051 2.2.2
level: MUST
needs: imap
tags: basic syntax

connect i imap
expect i greeting OK
send i Mp.Tag-07_x NOOP
expect i line /^Mp\.Tag-07_x OK/
send i z LOGOUT
expect i tagged z OK
