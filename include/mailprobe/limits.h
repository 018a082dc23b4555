/* mailprobe/limits.h: every cap, named once, with its RFC default.
 * Settings structs take 0 to mean these defaults (STYLE 9, 15, 20). */
#ifndef MAILPROBE_LIMITS_H
#define MAILPROBE_LIMITS_H

/* RFC 5321 4.5.3.1: sizes in octets. Line lengths include the CRLF. */
#define MP_SMTP_LOCAL_PART_MAX 64     /* 4.5.3.1.1 */
#define MP_SMTP_DOMAIN_MAX 255        /* 4.5.3.1.2 */
#define MP_SMTP_PATH_MAX 256          /* 4.5.3.1.3, with the brackets */
#define MP_SMTP_CMD_LINE_MAX 512      /* 4.5.3.1.4 */
#define MP_SMTP_REPLY_LINE_MAX 512    /* 4.5.3.1.5 */
#define MP_SMTP_TEXT_LINE_MAX 1000    /* 4.5.3.1.6 */
#define MP_SMTP_CMD_LINE_AUTH_MAX 12288 /* RFC 4954 4: SASL response lines */

/* RFC 5322 2.1.1: a line is at most 998 octets before its CRLF. */
#define MP_MSG_LINE_MAX 998

/* RFC 2449 4: commands at most 255 octets, responses 512, both with CRLF;
 * RFC 1939 3: keywords 3-4 characters, each argument at most 40. */
#define MP_POP3_CMD_LINE_MAX 255
#define MP_POP3_RESP_LINE_MAX 512
#define MP_POP3_ARG_MAX 40

/* Where the line reader gives up holding a line and starts discarding
 * (lenient readers accept longer lines than the RFC, up to this). */
#define MP_LINE_HOLD_MAX 65536

/* Parse-list caps: ESMTP parameters per command, EHLO keywords, CAPA lines. */
#define MP_SMTP_PARAMS_MAX 32
#define MP_SMTP_EHLO_CAPS_MAX 64
#define MP_REPLY_LINES_MAX 256

/* IMAP: RFC 9051 has no line limit; RFC 7162 4 asks servers to take
 * command lines of 8192 octets and clients to stay under it. The hold
 * limits are mailprobe's: what a reader keeps in memory at once. */
#define MP_IMAP_CMD_LINE_ADVISED 8192      /* RFC 7162 4 */
#define MP_IMAP_LINE_HOLD_MAX 65536        /* one line between literals */
#define MP_IMAP_LITERAL_HELD_MAX 65536     /* bigger literals are streamed */
#define MP_IMAP_UNIT_MAX (1u << 20)        /* a whole command or response */
#define MP_IMAP_DEPTH_MAX 32               /* nested lists */
#define MP_IMAP_LITERAL_MINUS_MAX 4096     /* RFC 7888 5: {n-} */
#define MP_IMAP_LITERAL_DIGITS 10          /* number = up to 4294967295 */

/* RFC 5322 header sections (mailprobe's caps: RFC 5322 2.2.3 gives an
 * unfolded field no length limit). The reader holds one field at a time. */
#define MP_MSG_LINE_ADVISED 78          /* RFC 5322 2.1.1 SHOULD */
#define MP_RFC5322_FIELD_MAX 65536      /* bytes of one field, folds included */
#define MP_RFC5322_FIELDS_MAX 1024      /* fields of one header section */
#define MP_RFC5322_DEPTH_MAX 16         /* nested comments */
#define MP_RFC2047_WORD_MAX 75          /* RFC 2047 2: an encoded-word */
#define MP_RFC2047_LINE_MAX 76          /* RFC 2047 2: a line with encoded-words */
#define MP_MIME_PARAMS_MAX 64           /* parameters of one Content-Type */
#define MP_RFC2231_SECTIONS_MAX 1000    /* name*0 .. name*999 */

#endif
