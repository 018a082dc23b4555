/* mailprobe/mutf7.h: IMAP mailbox names in modified UTF-7.
 *   RFC 3501 5.1.3 (the convention; RFC 9051 keeps it for IMAP4rev1
 *   compatibility), RFC 2152 (UTF-7: BASE64 of UTF-16, discarded bits),
 *   RFC 2781 2.2 (surrogate pairs), RFC 3629 3 (UTF-8).
 *
 * In modified UTF-7 the octets 0x20-0x7e except "&" stand for themselves,
 * "&-" is "&", and "&" <modified BASE64> "-" carries UTF-16BE code units
 * (alphabet A-Z a-z 0-9 + ",", no "=" padding, the last character padded
 * with zero bits). A name is canonical when it breaks no rule and uses no
 * NOTE-level alternative form: then it is exactly what mp_mutf7_encode
 * writes for its decoding, and mp_mutf7_check pushes no diag at all.
 *
 * All functions read exactly the given bytes, allocate nothing and keep
 * no state. Diags carry base + the index of the offending byte. */
#ifndef MAILPROBE_MUTF7_H
#define MAILPROBE_MUTF7_H

#include "mailprobe/diag.h"
#include "mailprobe/slice.h"

/* Validates a modified UTF-7 mailbox name and pushes one diag per broken
 * rule (rules-mutf7.def: MUTF7_*), each at base + the index it concerns:
 *   MUTF7_OCTET          an octet outside 0x20-0x7e, anywhere;
 *   MUTF7_UNTERMINATED   a run cut by a character that is neither BASE64
 *                        nor "-", or by the end (offset of that character,
 *                        base + name.n at the end);
 *   MUTF7_B64_CHAR       "/" or "=" inside a run (the run goes on);
 *   MUTF7_NULL_SHIFT     a run that starts right after the "-" of the
 *                        previous one (offset of that "-");
 *   MUTF7_B64_ASCII      a run carries printable US-ASCII other than "&"
 *                        (offset of the BASE64 character where that code
 *                        unit starts); MUTF7_B64_AMPERSAND (NOTE) for "&";
 *   MUTF7_SURROGATE      an unpaired surrogate (where its unit starts);
 *   MUTF7_B64_LENGTH     6 or more bits left over: a surplus character;
 *   MUTF7_B64_PAD_BITS   non-zero left-over bits (both at the run's last
 *                        BASE64 character).
 * Returns MP_OK when no MUST or SHOULD rule was broken (NOTEs may have
 * been pushed), else MP_INVALID. d may be NULL. */
mp_rc mp_mutf7_check(mp_slice name, uint64_t base, mp_diags *d);

/* Decodes a modified UTF-7 name into UTF-8 in out[0..cap). Pushes the
 * same diags as mp_mutf7_check and always validates the whole name.
 *   MP_OK       *outlen_r bytes of UTF-8 written;
 *   MP_INVALID  the name breaks a MUST/SHOULD rule; *outlen_r = 0 and
 *               out[] holds nothing to rely on (this wins over NOSPACE);
 *   MP_NOSPACE  valid, but the UTF-8 needs more than cap bytes: out holds
 *               its first cap bytes (a character may be cut) and
 *               *outlen_r = cap. mp_mutf7_decoded_max(name.n) always fits.
 * out may be NULL when cap is 0. */
mp_rc mp_mutf7_decode(mp_slice name, uint8_t *out, size_t cap,
		      size_t *outlen_r, uint64_t base, mp_diags *d);

/* Encodes UTF-8 into canonical modified UTF-7: printable US-ASCII other
 * than "&" as itself, "&" as "&-", each maximal run of other characters
 * as one "&" BASE64 "-" run of the fewest characters. The UTF-8 is
 * validated strictly (RFC 3629 3); each ill-formed sequence is one diag
 * at base + its first octet: MUTF7_UTF8_INVALID (bad lead or continuation
 * octet, truncated), MUTF7_UTF8_OVERLONG, MUTF7_UTF8_SURROGATE,
 * MUTF7_UTF8_RANGE (over U+10FFFF).
 *   MP_OK       *outlen_r bytes written;
 *   MP_INVALID  the input is not UTF-8; *outlen_r = 0 (wins over NOSPACE);
 *   MP_NOSPACE  out holds the first cap bytes of the encoding and
 *               *outlen_r = cap. mp_mutf7_encoded_max(utf8.n) always fits.
 * out may be NULL when cap is 0. */
mp_rc mp_mutf7_encode(mp_slice utf8, uint8_t *out, size_t cap,
		      size_t *outlen_r, uint64_t base, mp_diags *d);

/* Upper bounds on the output of encode and decode for an input of n
 * octets (SIZE_MAX when the bound does not fit in size_t). Encoding is
 * at most 5 octets per input octet (a lone control character becomes
 * "&AAE-"); decoding at most 9 octets per 8 (long runs of U+0800-U+FFFF
 * give 3 octets of UTF-8 per 16 bits, i.e. per 8/3 BASE64 characters). */
size_t mp_mutf7_encoded_max(size_t utf8_len);
size_t mp_mutf7_decoded_max(size_t mutf7_len);

#endif
