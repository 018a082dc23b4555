# A line whose tag cannot be read gets an untagged BAD (RFC 9051 7.1.3)
id: imap.syntax.untagged-bad
title: a command line with an invalid tag ("*") is answered with an untagged BAD, or a BAD at least
protocol: imap
ref: RFC 9051 7.1.3
level: MUST
needs: imap
tags: syntax bad

connect i imap
expect i greeting OK
send i * NOOP
expect i line /^(\* |[^ ]+ )BAD/
send i a2 NOOP
expect i tagged a2 OK
send i a3 LOGOUT
expect i tagged a3 OK
