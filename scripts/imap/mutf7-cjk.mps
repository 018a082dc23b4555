# a modified UTF-7 name of CJK characters (&ZeVnLIqe- for Japanese "nihongo") round-trips through CREATE, LIST and SELECT
id: imap.mutf7.non-latin
title: a modified UTF-7 name of CJK characters (&ZeVnLIqe- for Japanese "nihongo") round-trips through CREATE, LIST and SELECT
protocol: imap
ref: RFC 3501 5.1.3
level: MUST
needs: imap
tags: mailbox-name mutf7

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
send i a1 CREATE mp-${uniq}-&ZeVnLIqe-
expect i tagged a1 OK
send i a2 LIST "" mp-${uniq}-*
expect i tagged a2 OK
expect i untagged LIST /[ "]mp-${uniq}-&ZeVnLIqe-"?\r?$/
send i a3 SELECT mp-${uniq}-&ZeVnLIqe-
expect i tagged a3 OK
send i a4 CLOSE
expect i tagged a4 OK
send i a5 DELETE mp-${uniq}-&ZeVnLIqe-
expect i tagged a5 OK
send i z3 LOGOUT
expect i tagged z3 OK
