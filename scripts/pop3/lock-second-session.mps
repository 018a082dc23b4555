# The maildrop lock.  RFC 1939 4: once authenticated, "the POP3 server
# then acquires an exclusive-access lock on the maildrop, as necessary to
# prevent messages from being modified or removed before the session
# enters the UPDATE state."  And: "If the maildrop cannot be opened for
# some reason (for example, a lock can not be acquired ...), the POP3
# server responds with a negative status indicator."
# What is required is the purpose ("as necessary to prevent ..."), not a
# refusal of every second session: refusing the second login with -ERR is
# allowed (one of the listed reasons), admitting it is not forbidden. So:
#  - main check (MAY): a second session for the same user, while the first
#    is in TRANSACTION, gets +OK or -ERR to its login - either passes;
#  - "first-intact" (MUST, RFC 1939 4): whatever the second session did
#    (here: DELE n and QUIT, which only works when it was admitted), the
#    first session, still before its UPDATE state, can RETR n unchanged.
id: pop3.lock.second-session
title: a second session on a maildrop in use is admitted or refused, and cannot remove the first session's messages
protocol: pop3
ref: RFC 1939 4
level: MAY
needs: pop3 imap
tags: lock

connect i imap
expect i greeting OK
send i a1 LOGIN ${user} ${password}
expect i tagged a1 OK
send i a2 APPEND INBOX {{@data/pop3-top.eml}}
expect i tagged a2 OK
send i a3 LOGOUT
expect i tagged a3 OK
connect p pop3
expect p ok
send p USER ${user}
expect p ok
send p PASS ${password}
expect p ok
send p STAT
expect p ok
capture p n /^\+OK ([0-9]+) /
send p TOP ${n} 0
expect p ok multiline
expect p body data/pop3-top-0.txt
connect q pop3
expect q ok
send q USER ${user}
expect q line /^(\+OK|-ERR)/
send q PASS ${password}
expect q line /^(\+OK|-ERR)/ within 30
send q DELE ${n}
expect q line /^(\+OK|-ERR)/
send q QUIT
expect q ok
check first-intact MUST RFC 1939 4: the lock must prevent the first session's messages from being removed before its UPDATE state
send p RETR ${n}
expect p ok multiline
expect p body data/pop3-top.eml
send p DELE ${n}
expect p ok
send p QUIT
expect p ok
