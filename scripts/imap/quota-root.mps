# with QUOTA, GETQUOTAROOT INBOX answers an untagged QUOTAROOT for INBOX and OK
id: imap.quota.getquotaroot
title: with QUOTA, GETQUOTAROOT INBOX answers an untagged QUOTAROOT for INBOX and OK
protocol: imap
ref: RFC 9208 4.3
level: MUST
needs: imap
tags: quota

connect i imap
expect i greeting OK
send i p1 LOGIN ${user} ${password}
expect i tagged p1 OK within 30
require i cap QUOTA
send i a1 GETQUOTAROOT INBOX
expect i tagged a1 OK
expect i untagged QUOTAROOT /^\* QUOTAROOT "?INBOX"?/
send i z3 LOGOUT
expect i tagged z3 OK
