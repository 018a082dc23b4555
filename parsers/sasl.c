/* sasl.c: SASL mechanism names, base64 responses, exchange lengths
 * (RFC 4422 3.1, RFC 4648 4, RFC 4954 4, RFC 5034 4). */
#include "mailprobe/sasl.h"

bool mp_sasl_mech_ok(mp_slice m, bool fold)
{
	if (m.n == 0 || m.n > 20)
		return false;
	for (size_t i = 0; i < m.n; i++) {
		uint8_t c = m.p[i];
		if (!((c >= 'A' && c <= 'Z') || mp_is_digit(c) || c == '-' ||
		      c == '_' || (fold && c >= 'a' && c <= 'z')))
			return false;
	}
	return true;
}

static bool b64_char(uint8_t c)
{
	return mp_is_alnum(c) || c == '+' || c == '/';
}

bool mp_base64_ok(mp_slice s)
{
	if (s.n % 4 != 0)
		return false;
	for (size_t i = 0; i < s.n; i++) {
		uint8_t c = s.p[i];
		if (b64_char(c))
			continue;
		/* "=" only in the last group: "xx==" or "xxx=" */
		if (c != '=' || i < s.n - 2)
			return false;
		if (i == s.n - 2 && s.p[s.n - 1] != '=')
			return false;
	}
	return true;
}

int mp_sasl_client_lines(mp_slice mech, bool ir)
{
	static const struct {
		const char *name;
		int lines;
	} t[] = {
		{ "PLAIN", 1 }, { "LOGIN", 2 }, { "CRAM-MD5", 1 },
		{ "DIGEST-MD5", 2 }, { "EXTERNAL", 1 }, { "ANONYMOUS", 1 },
		{ "XOAUTH2", 1 }, { "OAUTHBEARER", 1 }, { "NTLM", 2 },
	};
	int n = 1;
	for (size_t i = 0; i < MP_ARRAY_LEN(t); i++) {
		mp_slice name = { (const uint8_t *)t[i].name, 0 };
		while (t[i].name[name.n])
			name.n++;
		if (mp_slice_eq_ascii_ci(mech, name)) {
			n = t[i].lines;
			break;
		}
	}
	if (mp_slice_prefix_ci(mech, MP_LIT("SCRAM-")))
		n = 2;
	return ir && n > 0 ? n - 1 : n;
}
