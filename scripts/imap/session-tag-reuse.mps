# A client should use unique tags, but a server must accept a reused one (RFC 9051 2.2.1)
id: imap.session.tag-reuse
title: the server accepts a tag that was already used and answers each command with it
protocol: imap
ref: RFC 9051 2.2.1
level: MUST
needs: imap
tags: basic syntax

connect i imap
expect i greeting OK
send i t1 NOOP
expect i tagged t1 OK
send i t1 CAPABILITY
expect i tagged t1 OK
expect i untagged CAPABILITY
send i t1 LOGIN ${user} ${password}
expect i tagged t1 OK within 30
send i t1 LOGOUT
expect i tagged t1 OK
