# RFC 1939 7: "A POP3 server which implements the APOP command will
# include a timestamp in its banner greeting.  The syntax of the timestamp
# corresponds to the `msg-id' in [RFC822], and MUST be different each time
# the POP3 server issues a banner greeting."  This script asserts what the
# script language can express: two greetings in a row are +OK and each is
# either free of "<" or carries a <local@domain> timestamp.  "Different each
# time" needs a negation the patterns do not have (KNOWN.md); the grammar
# oracle reports a malformed timestamp as POP3_TIMESTAMP_SYNTAX.
id: pop3.apop.greeting-timestamp
title: two greetings are +OK and a timestamp, when present, has the msg-id form <local@domain>
protocol: pop3
ref: RFC 1939 7
level: MUST
needs: pop3
tags: apop greeting

connect p pop3
expect p ok /^([^<]*|.*<[^<>@ ]+@[^<>@ ]+>.*)$/
close p
connect q pop3
expect q ok /^([^<]*|.*<[^<>@ ]+@[^<>@ ]+>.*)$/
send q QUIT
expect q ok
