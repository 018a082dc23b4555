# Command names are case-insensitive (RFC 9051 9, note 1 of the formal syntax)
id: imap.session.command-case-insensitive
title: commands in lower and mixed case are accepted like upper case ones
protocol: imap
ref: RFC 9051 9
level: MUST
needs: imap
tags: basic syntax

connect i imap
expect i greeting OK
send i a1 capability
expect i tagged a1 OK
expect i untagged CAPABILITY
send i a2 LoGiN ${user} ${password}
expect i tagged a2 OK
send i a3 examine inbox
expect i tagged a3 OK
send i a4 Logout
expect i tagged a4 OK
