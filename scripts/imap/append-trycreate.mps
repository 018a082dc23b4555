# APPEND to a missing mailbox fails with NO [TRYCREATE] and does not create it
id: imap.append.trycreate
title: APPEND to a missing mailbox fails with NO [TRYCREATE] and does not create it
protocol: imap
ref: RFC 3501 6.3.11
level: MUST
needs: imap
tags: append

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
# a non-synchronising literal, so the answer comes after the message (a server may refuse
# a synchronising one before its continuation, which the engine takes as a failure)
send i a0 CAPABILITY
expect i tagged a0 OK
require i cap LITERAL+
send i a1 APPEND mp-missing-${uniq} {{+@data/imap-plain.eml}}
expect i tagged a1 NO /^a1 NO \[TRYCREATE\]/
check not-created MUST RFC 3501 6.3.11: the server MUST NOT create the mailbox itself
send i a2 STATUS mp-missing-${uniq} (MESSAGES)
expect i tagged a2 NO
send i z3 LOGOUT
expect i tagged z3 OK
