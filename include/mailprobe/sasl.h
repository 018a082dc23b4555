/* mailprobe/sasl.h: the SASL pieces SMTP AUTH (RFC 4954), POP3 AUTH
 * (RFC 5034) and IMAP AUTHENTICATE share: mechanism names (RFC 4422 3.1),
 * base64 responses (RFC 4648 4), and how many client lines follow. */
#ifndef MAILPROBE_SASL_H
#define MAILPROBE_SASL_H

#include "mailprobe/slice.h"

/* sasl-mech = 1*20mech-char; mech-char = UPPER-ALPHA / DIGIT / "-" / "_"
 * (RFC 4422 3.1). With fold set, lower-case letters are accepted too
 * (protocols compare mechanism names case-insensitively). */
bool mp_sasl_mech_ok(mp_slice m, bool fold);
/* Strict base64 (RFC 4648 4): groups of 4 from the alphabet, "=" padding
 * only at the end. The empty string is valid (an empty response). */
bool mp_base64_ok(mp_slice s);
/* How many client response lines a mechanism takes after the command,
 * given whether an initial response was sent: PLAIN, EXTERNAL,
 * ANONYMOUS, XOAUTH2, OAUTHBEARER 1 (0 with one); LOGIN 2 (1); CRAM-MD5 1;
 * DIGEST-MD5 and SCRAM-* 2 (1 with one); others 1. A line "*" cancels. */
int mp_sasl_client_lines(mp_slice mech, bool initial_response);

#endif
