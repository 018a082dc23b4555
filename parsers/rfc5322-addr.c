/* rfc5322-addr.c: addresses, msg-ids and trace fields.
 *   RFC 5322 3.4 (address, mailbox, name-addr, angle-addr, group,
 *   display-name, mailbox-list, address-list, group-list), 3.4.1
 *   (addr-spec, local-part, domain, domain-literal), 3.6.2-3.6.4
 *   (originator, destination and identification fields), 3.6.5
 *   (Keywords), 3.6.7 (Return-Path, Received), 4.4 (obs-angle-addr,
 *   obs-route, obs-domain-list, obs-mbox-list, obs-addr-list,
 *   obs-group-list, obs-local-part, obs-domain, obs-dtext), 4.5.4
 *   (obs-id-left, obs-id-right, obs-in-reply-to, obs-references).
 * Where RFC 5321 and 5322 agree (a domain that is also a host name or
 * an address literal) the SMTP grammar decides (mp_smtp_domain_parse). */
#include <string.h>

#include "mailprobe/smtp.h"
#include "rfc5322-private.h"

/* ---- addr-spec ------------------------------------------------------------ */

/* local-part = dot-atom / quoted-string / obs-local-part
 * obs-local-part = word *("." word)
 * Cursor after leading CFWS; *ls_r the local-part without outer CFWS. */
static bool local_part(mp_lx *x, mp_rfc5322_mailbox *mb, mp_slice *ls_r)
{
	size_t st = x->i, end = x->i;
	size_t words = 0, quoted = 0;
	bool inner_cfws = false, bad = false;
	for (;;) {
		size_t w = x->i;
		if (mp_lx_quoted(x)) {
			quoted++;
		} else if (mp_lx_atext(x) == 0) {
			/* "a..b", ".a", "a." */
			if (words > 0 || mp_lx_peek(x) == '.')
				bad = true;
			break;
		}
		(void)w;
		words++;
		end = x->i;
		if (mp_lx_cfws(x) && mp_lx_peek(x) == '.')
			inner_cfws = true;
		if (mp_lx_peek(x) != '.')
			break;
		x->i++;
		if (mp_lx_cfws(x))
			inner_cfws = true;
	}
	if (words == 0 || bad) {
		mp_lx_diag(x, end > st ? end : st, MP_R_RFC5322_LOCAL_SYNTAX);
		return false;
	}
	*ls_r = mp_slice_sub(x->s, st, end - st);
	if (inner_cfws || (quoted > 0 && words > 1)) {
		mp_lx_obs(x, st, MP_R_RFC5322_OBS_LOCAL);
		mb->obsolete = true;
	}
	return true;
}

/* domain-literal = [CFWS] "[" *([FWS] dtext) [FWS] "]" [CFWS]
 * obs-dtext = obs-NO-WS-CTL / quoted-pair. Cursor at "[". */
static bool domain_literal(mp_lx *x, mp_rfc5322_mailbox *mb)
{
	size_t st = x->i++;
	for (;;) {
		int c = mp_lx_peek(x);
		size_t f;
		if (c < 0) {
			mp_lx_diag(x, st, MP_R_RFC5322_DOMAIN_LITERAL);
			return false;
		}
		if (c == ']') {
			x->i++;
			return true;
		}
		if (KC(c, K_DTEXT) || c == ' ' || c == '\t') {
			x->i++;
		} else if ((f = mp_lx_fold_at(x, x->i)) != 0) {
			x->i += f;
		} else if (c >= 0x80) {
			size_t k = mp_lx_8bit(x, x->i);
			x->i += k ? k : 1;
		} else if (c == '\\' || mp_obs_ctl((uint8_t)c)) {
			mp_lx_obs(x, x->i, MP_R_RFC5322_OBS_DTEXT);
			if (mb)
				mb->obsolete = true;
			x->i += c == '\\' && x->i + 1 < x->s.n ? 2 : 1;
		} else {
			/* "[" or a control that is no obs-dtext */
			mp_lx_diag(x, x->i, MP_R_RFC5322_DOMAIN_LITERAL);
			return false;
		}
	}
}

/* domain = dot-atom / domain-literal / obs-domain; obs-domain = atom
 * *("." atom). Cursor after leading CFWS. */
static bool domain(mp_lx *x, mp_rfc5322_mailbox *mb, mp_slice *ds_r)
{
	size_t st = x->i, end;
	if (mp_lx_peek(x) == '[') {
		if (!domain_literal(x, mb))
			return false;
		if (mb)
			mb->domain_literal = true;
		*ds_r = mp_slice_sub(x->s, st, x->i - st);
		mp_lx_cfws(x);
		return true;
	}
	bool inner = false;
	for (;;) {
		if (mp_lx_atext(x) == 0) {
			mp_lx_diag(x, x->i, MP_R_RFC5322_DOMAIN_SYNTAX);
			return false;
		}
		end = x->i;
		if (mp_lx_cfws(x) && mp_lx_peek(x) == '.')
			inner = true;
		if (mp_lx_peek(x) != '.')
			break;
		x->i++;
		if (mp_lx_cfws(x))
			inner = true;
	}
	*ds_r = mp_slice_sub(x->s, st, end - st);
	if (inner) {
		mp_lx_obs(x, st, MP_R_RFC5322_OBS_DOMAIN);
		if (mb)
			mb->obsolete = true;
	}
	return true;
}

/* RFC 5321 4.1.2: Dot-string / Quoted-string "@" Domain / address-literal,
 * 4.5.3.1.1-2 lengths. The domain is the SMTP grammar's to judge. */
static bool smtp_ok(const mp_rfc5322_mailbox *mb, unsigned flags)
{
	if (mb->obsolete || mb->local.n > MP_SMTP_LOCAL_PART_MAX ||
	    mb->local.n + mb->domain.n + 1 > MP_SMTP_PATH_MAX - 2)
		return false;
	for (size_t i = 0; i < mb->local.n; i++) {
		uint8_t c = mb->local.p[i];
		if (c == '(' || c == '\r' || c == '\n' || (c == ' ' && mb->local.p[0] != '"'))
			return false;
	}
	mp_smtp_host kind;
	return mp_smtp_domain_parse(mb->domain, 0, (flags & MP_RFC5322_UTF8) != 0,
				    &kind, NULL) == MP_OK;
}

/* addr-spec = local-part "@" domain; cursor at the local-part's CFWS. */
static bool addr_spec(mp_lx *x, mp_rfc5322_mailbox *mb)
{
	mp_lx_cfws(x);
	mb->off = x->off + x->i;
	if (!local_part(x, mb, &mb->local))
		return false;
	mp_lx_cfws(x);
	if (mp_lx_peek(x) != '@') {
		mp_lx_diag(x, x->i, MP_R_RFC5322_ADDR_SYNTAX);
		return false;
	}
	x->i++;
	mp_lx_cfws(x);
	if (!domain(x, mb, &mb->domain))
		return false;
	mb->smtp_ok = smtp_ok(mb, x->flags);
	return true;
}

/* phrase = 1*word / obs-phrase; obs-phrase = word *(word / "." / CFWS).
 * Returns the words read; *ph_r spans the first to the last word. */
static size_t phrase(mp_lx *x, mp_slice *ph_r, size_t *dot_r)
{
	size_t words = 0, st = 0, end = 0;
	*dot_r = SIZE_MAX;
	for (;;) {
		mp_slice w;
		if (mp_lx_word(x, &w)) {
			if (words++ == 0)
				st = mp_slice_offset(x->s, w);
			end = mp_slice_offset(x->s, w) + w.n;
			continue;
		}
		if (words > 0 && mp_lx_peek(x) == '.') {
			if (*dot_r == SIZE_MAX)
				*dot_r = x->i;
			end = ++x->i;
			mp_lx_cfws(x);
			continue;
		}
		break;
	}
	*ph_r = words ? mp_slice_sub(x->s, st, end - st) : MP_SLICE(x->s.p + x->i, 0);
	return words;
}

/* obs-route = obs-domain-list ":"
 * obs-domain-list = *(CFWS / ",") "@" domain *("," [CFWS] ["@" domain])
 * Cursor after "<" and CFWS, at "@". */
static bool obs_route(mp_lx *x, mp_rfc5322_mailbox *mb)
{
	size_t st = x->i;
	mp_lx_obs(x, st, MP_R_RFC5322_OBS_ROUTE);
	mb->obsolete = true;
	size_t end = st;
	for (;;) {
		if (mp_lx_peek(x) == '@') {
			mp_slice dm;
			x->i++;
			mp_lx_cfws(x);
			if (!domain(x, NULL, &dm))
				return false;
			end = mp_slice_offset(x->s, dm) + dm.n;
		}
		mp_lx_cfws(x);
		if (mp_lx_peek(x) == ',') {
			x->i++;
			mp_lx_cfws(x);
			continue;
		}
		break;
	}
	if (mp_lx_peek(x) != ':') {
		mp_lx_diag(x, x->i, MP_R_RFC5322_ADDR_SYNTAX);
		return false;
	}
	mb->route = mp_slice_sub(x->s, st, end - st);
	x->i++;
	return true;
}

/* angle-addr = [CFWS] "<" addr-spec ">" [CFWS] / obs-angle-addr.
 * Cursor at "<". */
static bool angle_addr(mp_lx *x, mp_rfc5322_mailbox *mb)
{
	size_t lt = x->i++;
	mb->angle = true;
	mp_lx_cfws(x);
	if (mp_lx_peek(x) == '@' || mp_lx_peek(x) == ',') {
		if (!obs_route(x, mb))
			return false;
	}
	if (!addr_spec(x, mb))
		return false;
	if (mp_lx_peek(x) != '>') {
		mp_lx_diag(x, mp_lx_eof(x) ? lt : x->i, MP_R_RFC5322_ANGLE_UNCLOSED);
		return false;
	}
	x->i++;
	mp_lx_cfws(x);
	return true;
}

enum { AS_MAILBOX = 0, AS_GROUP = 1, AS_FAIL = 2 };

/* address = mailbox / group. Cursor at the address's leading CFWS; on
 * success the cursor stands after the trailing CFWS. */
static int address_head(mp_lx *x, mp_rfc5322_mailbox *mb, mp_slice *gname)
{
	size_t save = x->i;
	memset(mb, 0, sizeof(*mb));
	/* look ahead without diags: a phrase before "<" or ":" is a display
	 * name, else the words are a local-part read again below */
	mp_lx y = *x;
	y.d = NULL;
	mp_lx_cfws(&y);
	mp_slice ph;
	size_t dot;
	phrase(&y, &ph, &dot);
	int c = mp_lx_peek(&y);
	if (c != '<' && c != ':') {
		if (!addr_spec(x, mb))
			return AS_FAIL;
		return AS_MAILBOX;
	}
	mp_lx_cfws(x);
	size_t first = x->i;
	size_t words = phrase(x, &ph, &dot);
	if (c == '<') {
		mb->display = ph;
		mb->has_display = words > 0;
		if (dot != SIZE_MAX) {
			mp_lx_obs(x, dot, MP_R_RFC5322_OBS_PHRASE);
			mb->obsolete = true;
		}
		uint64_t at = x->off + (words ? first : x->i);
		if (!angle_addr(x, mb))
			return AS_FAIL;
		mb->off = at;
		return AS_MAILBOX;
	}
	if (c == ':' && words > 0) {
		if (dot != SIZE_MAX)
			mp_lx_obs(x, dot, MP_R_RFC5322_OBS_PHRASE);
		*gname = ph;
		mb->off = x->off + first;
		x->i++;
		return AS_GROUP;
	}
	/* ":" after no words */
	x->i = save;
	if (!addr_spec(x, mb))
		return AS_FAIL;
	return AS_MAILBOX;
}

/* Skips to the next "," (or ";" when in a group) outside quotes,
 * comments, angles and literals: error recovery. */
static void skip_element(mp_lx *x, bool in_group)
{
	while (!mp_lx_eof(x)) {
		int c = mp_lx_peek(x);
		if (c == ',' || (in_group && c == ';'))
			return;
		mp_lx y = *x; /* recovery pushes no diags */
		y.d = NULL;
		if (c == '"') {
			mp_lx_quoted(&y);
			x->i = y.i;
		} else if (c == '(') {
			mp_lx_comment(&y);
			x->i = y.i;
		} else {
			x->i++;
		}
	}
}

struct lst {
	mp_arena *a;
	bool nospace;
	mp_rfc5322_addr_form form;
};

static bool arena_fail(mp_lx *x, struct lst *L)
{
	if (!L->nospace)
		mp_lx_diag(x, x->i, MP_R_ARENA_FULL);
	L->nospace = true;
	return false;
}

/* mailbox-list / CFWS / obs-group-list inside a group, up to ";" (not
 * consumed). Stores up to cap members in v; returns how many were read. */
static size_t group_list(mp_lx *x, mp_rfc5322_mailbox *v, size_t cap)
{
	size_t n = 0;
	bool empty_elem = false;
	size_t obs_at = SIZE_MAX;
	for (;;) {
		mp_lx_cfws(x);
		int c = mp_lx_peek(x);
		if (c == ';' || c < 0)
			break;
		if (c == ',') {
			if (obs_at == SIZE_MAX)
				obs_at = x->i;
			empty_elem = true;
			x->i++;
			continue;
		}
		mp_rfc5322_mailbox mb;
		mp_slice gn;
		size_t at = x->i;
		int k = address_head(x, &mb, &gn);
		if (k == AS_GROUP) {
			mp_lx_diag(x, at, MP_R_RFC5322_ADDR_SYNTAX); /* no nested groups */
			skip_element(x, true);
		} else if (k == AS_FAIL) {
			skip_element(x, true);
		} else {
			if (n < cap)
				v[n] = mb;
			n++;
		}
		mp_lx_cfws(x);
		c = mp_lx_peek(x);
		if (c == ',') {
			x->i++;
			mp_lx_cfws(x);
			c = mp_lx_peek(x);
			if (c == ',' || c == ';') {
				if (obs_at == SIZE_MAX)
					obs_at = x->i;
			}
			continue;
		}
		if (c != ';' && c >= 0) {
			mp_lx_diag(x, x->i, MP_R_RFC5322_ADDR_SYNTAX);
			skip_element(x, true);
		}
	}
	(void)empty_elem;
	if (obs_at != SIZE_MAX)
		mp_lx_obs(x, obs_at, MP_R_RFC5322_OBS_LIST);
	return n;
}

/* One address; stores it in *ad when ad is not NULL. The group's
 * members come from the arena (counted first with diags off). */
static bool address(mp_lx *x, struct lst *L, mp_rfc5322_address *ad)
{
	mp_rfc5322_mailbox mb;
	mp_slice gn = { 0 };
	size_t at0 = x->i;
	int k = address_head(x, &mb, &gn);
	if (k == AS_FAIL)
		return false;
	if (k == AS_MAILBOX) {
		if (ad) {
			memset(ad, 0, sizeof(*ad));
			ad->mb = mb;
			ad->off = mb.off;
		}
		return true;
	}
	/* group = display-name ":" [group-list] ";" [CFWS] */
	if (L->form == MP_MAILBOX_LIST || L->form == MP_MAILBOX_ONE)
		mp_lx_diag(x, mp_slice_offset(x->s, gn), MP_R_RFC5322_GROUP_FORBIDDEN);
	(void)at0;
	size_t save = x->i;
	mp_rfc5322_mailbox *v = NULL;
	size_t cnt = 0;
	if (ad && L->a) {
		mp_lx y = *x;
		y.d = NULL;
		cnt = group_list(&y, NULL, 0);
		if (cnt) {
			v = MP_NEW(L->a, mp_rfc5322_mailbox, cnt);
			if (v == NULL)
				arena_fail(x, L);
		}
	}
	x->i = save;
	size_t n = group_list(x, v, v ? cnt : 0);
	if (mp_lx_peek(x) != ';') {
		mp_lx_diag(x, mp_slice_offset(x->s, gn), MP_R_RFC5322_GROUP_UNCLOSED);
	} else {
		x->i++;
		mp_lx_cfws(x);
	}
	if (ad) {
		memset(ad, 0, sizeof(*ad));
		ad->group = true;
		ad->group_name = gn;
		ad->members = v;
		ad->nmembers = v ? n : 0;
		ad->off = mb.off;
	}
	return true;
}

/* address-list / mailbox-list with their obs- forms. Returns the number
 * of addresses read; stores the first cap in v. */
static size_t addr_list(mp_lx *x, struct lst *L, mp_rfc5322_address *v,
			size_t cap)
{
	size_t n = 0, obs_at = SIZE_MAX;
	for (;;) {
		mp_lx_cfws(x);
		int c = mp_lx_peek(x);
		if (c < 0)
			break;
		if (c == ',') {
			if (obs_at == SIZE_MAX)
				obs_at = x->i;
			x->i++;
			continue;
		}
		size_t at = x->i;
		if (address(x, L, n < cap ? &v[n] : NULL)) {
			n++;
		} else {
			skip_element(x, false);
		}
		mp_lx_cfws(x);
		c = mp_lx_peek(x);
		if (c == ',') {
			x->i++;
			mp_lx_cfws(x);
			if ((mp_lx_peek(x) == ',' || mp_lx_eof(x)) && obs_at == SIZE_MAX)
				obs_at = x->i;
			continue;
		}
		if (c >= 0) {
			mp_lx_diag(x, x->i > at ? x->i : at, MP_R_RFC5322_ADDR_SYNTAX);
			skip_element(x, false);
		}
	}
	if (obs_at != SIZE_MAX)
		mp_lx_obs(x, obs_at, MP_R_RFC5322_OBS_LIST);
	return n;
}

size_t mp_rfc5322_addr_count(mp_slice value, mp_rfc5322_addr_form form,
			     unsigned flags)
{
	mp_lx x;
	mp_rfc5322_opts o = { .flags = flags };
	struct lst L = { NULL, false, form };
	mp_lx_init(&x, value, 0, &o, NULL);
	return addr_list(&x, &L, NULL, 0);
}

mp_rc mp_rfc5322_addrlist_parse(mp_slice value, uint64_t voff,
				mp_rfc5322_addr_form form,
				const mp_rfc5322_opts *o, mp_arena *a,
				mp_rfc5322_addrlist *l, mp_diags *d)
{
	mp_lx x;
	struct lst L = { a, false, form };
	memset(l, 0, sizeof(*l));
	/* pass 1 counts (no diags, no arena), pass 2 fills */
	mp_lx_init(&x, value, voff, o, NULL);
	struct lst L0 = { NULL, false, form };
	size_t cnt = addr_list(&x, &L0, NULL, 0);
	mp_lx_init(&x, value, voff, o, d);
	if (cnt) {
		l->v = a ? MP_NEW(a, mp_rfc5322_address, cnt) : NULL;
		if (l->v == NULL)
			arena_fail(&x, &L);
	}
	size_t n = addr_list(&x, &L, l->v, l->v ? cnt : 0);
	l->n = l->v ? (n < cnt ? n : cnt) : 0;
	if (n == 0 && form != MP_ADDR_LIST_OPT)
		mp_lx_diag(&x, 0, value.n ? MP_R_RFC5322_ADDR_EMPTY : MP_R_RFC5322_EMPTY_BODY);
	if (form == MP_MAILBOX_ONE && n > 1)
		mp_lx_diag(&x, 0, MP_R_RFC5322_MAILBOX_COUNT);
	if (L.nospace)
		return MP_NOSPACE;
	return x.bad ? MP_INVALID : MP_OK;
}

mp_rc mp_rfc5322_addr_spec_parse(mp_slice s, uint64_t off,
				 const mp_rfc5322_opts *o,
				 mp_rfc5322_mailbox *mb, mp_diags *d)
{
	mp_lx x;
	mp_lx_init(&x, s, off, o, d);
	memset(mb, 0, sizeof(*mb));
	if (!addr_spec(&x, mb))
		return MP_INVALID;
	if (!mp_lx_eof(&x))
		mp_lx_diag(&x, x.i, MP_R_RFC5322_TRAILING);
	return x.bad ? MP_INVALID : MP_OK;
}

/* ---- the printer ---------------------------------------------------------- */

static bool put_mailbox(const mp_rfc5322_mailbox *mb, uint8_t *out,
			size_t cap, size_t *n)
{
	bool ok = true;
	bool angle = mb->angle || mb->has_display || mb->route.n;
	if (mb->has_display) {
		ok = ok && mp_put(out, cap, n, mb->display);
		ok = ok && mp_putc(out, cap, n, ' ');
	}
	if (angle)
		ok = ok && mp_putc(out, cap, n, '<');
	if (mb->route.n) {
		ok = ok && mp_put(out, cap, n, mb->route);
		ok = ok && mp_putc(out, cap, n, ':');
	}
	ok = ok && mp_put(out, cap, n, mb->local);
	ok = ok && mp_putc(out, cap, n, '@');
	ok = ok && mp_put(out, cap, n, mb->domain);
	if (angle)
		ok = ok && mp_putc(out, cap, n, '>');
	return ok;
}

mp_rc mp_rfc5322_addrlist_write(const mp_rfc5322_addrlist *l, uint8_t *out,
				size_t cap, size_t *len_r)
{
	size_t n = 0;
	bool ok = true;
	for (size_t i = 0; ok && i < l->n; i++) {
		const mp_rfc5322_address *ad = &l->v[i];
		if (i)
			ok = mp_put(out, cap, &n, MP_LIT(", "));
		if (!ad->group) {
			ok = ok && put_mailbox(&ad->mb, out, cap, &n);
			continue;
		}
		ok = ok && mp_put(out, cap, &n, ad->group_name);
		ok = ok && mp_putc(out, cap, &n, ':');
		for (size_t k = 0; ok && k < ad->nmembers; k++) {
			ok = mp_putc(out, cap, &n, ' ');
			ok = ok && put_mailbox(&ad->members[k], out, cap, &n);
			if (k + 1 < ad->nmembers)
				ok = ok && mp_putc(out, cap, &n, ',');
		}
		ok = ok && mp_putc(out, cap, &n, ';');
	}
	*len_r = ok ? n : 0;
	return ok ? MP_OK : MP_NOSPACE;
}

static bool mb_eq(const mp_rfc5322_mailbox *a, const mp_rfc5322_mailbox *b)
{
	return mp_slice_eq(a->display, b->display) && mp_slice_eq(a->route, b->route) &&
	       mp_slice_eq(a->local, b->local) && mp_slice_eq(a->domain, b->domain) &&
	       a->has_display == b->has_display && a->domain_literal == b->domain_literal &&
	       (a->angle || a->has_display || a->route.n) == (b->angle || b->has_display || b->route.n);
}

bool mp_rfc5322_addrlist_eq(const mp_rfc5322_addrlist *a,
			    const mp_rfc5322_addrlist *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		const mp_rfc5322_address *x = &a->v[i], *y = &b->v[i];
		if (x->group != y->group)
			return false;
		if (!x->group) {
			if (!mb_eq(&x->mb, &y->mb))
				return false;
			continue;
		}
		if (!mp_slice_eq(x->group_name, y->group_name) || x->nmembers != y->nmembers)
			return false;
		for (size_t k = 0; k < x->nmembers; k++)
			if (!mb_eq(&x->members[k], &y->members[k]))
				return false;
	}
	return true;
}

/* ---- msg-id (3.6.4, 4.5.4) ------------------------------------------------ */

/* msg-id = [CFWS] "<" id-left "@" id-right ">" [CFWS]
 * id-left = dot-atom-text / obs-id-left; id-right = dot-atom-text /
 * no-fold-literal / obs-id-right; no-fold-literal = "[" *dtext "]" */
bool mp_rfc5322_msgid_lx(mp_lx *x, mp_rfc5322_msgid *m)
{
	memset(m, 0, sizeof(*m));
	mp_lx_cfws(x);
	if (mp_lx_peek(x) != '<') {
		mp_lx_diag(x, x->i, MP_R_RFC5322_MSGID_SYNTAX);
		return false;
	}
	size_t lt = x->i++;
	m->off = x->off + lt;
	size_t st = x->i;
	size_t k = mp_lx_dot_atom_text(x);
	if (k > 0 && mp_lx_peek(x) == '@') {
		m->left = mp_slice_sub(x->s, st, k);
	} else {
		/* obs-id-left = local-part */
		mp_rfc5322_mailbox mb = { 0 };
		x->i = st;
		mp_lx y = *x;
		y.d = NULL;
		mp_lx_cfws(&y);
		if (!local_part(&y, &mb, &m->left)) {
			mp_lx_diag(x, st, MP_R_RFC5322_MSGID_SYNTAX);
			return false;
		}
		mp_lx_cfws(&y);
		if (mp_lx_peek(&y) != '@') {
			mp_lx_diag(x, y.i, MP_R_RFC5322_MSGID_SYNTAX);
			return false;
		}
		/* again with diags */
		mp_lx_cfws(x);
		local_part(x, &mb, &m->left);
		mp_lx_cfws(x);
		mp_lx_obs(x, st, MP_R_RFC5322_OBS_MSGID);
		m->obsolete = true;
	}
	x->i++; /* "@" */
	st = x->i;
	if (mp_lx_peek(x) == '[') {
		/* no-fold-literal: no FWS inside */
		size_t j = x->i + 1;
		while (j < x->s.n && KC(x->s.p[j], K_DTEXT))
			j++;
		if (j < x->s.n && x->s.p[j] == ']') {
			x->i = j + 1;
			m->right = mp_slice_sub(x->s, st, x->i - st);
		}
	} else if ((k = mp_lx_dot_atom_text(x)) > 0) {
		m->right = mp_slice_sub(x->s, st, k);
	}
	if (m->right.n == 0 || mp_lx_peek(x) != '>') {
		/* obs-id-right = domain */
		x->i = st;
		mp_lx_cfws(x);
		if (!domain(x, NULL, &m->right) || mp_lx_peek(x) != '>') {
			mp_lx_diag(x, x->i, MP_R_RFC5322_MSGID_SYNTAX);
			return false;
		}
		if (!m->obsolete)
			mp_lx_obs(x, st, MP_R_RFC5322_OBS_MSGID);
		m->obsolete = true;
	}
	x->i++; /* ">" */
	mp_lx_cfws(x);
	return true;
}

static size_t msgid_list(mp_lx *x, bool one, mp_rfc5322_msgid *v, size_t cap,
			 size_t *phrases)
{
	size_t n = 0;
	*phrases = 0;
	for (;;) {
		mp_lx_cfws(x);
		if (mp_lx_eof(x))
			break;
		if (mp_lx_peek(x) != '<' && !one) {
			/* obs-in-reply-to / obs-references: *(phrase / msg-id) */
			mp_slice ph;
			size_t dot;
			size_t at = x->i;
			if (phrase(x, &ph, &dot) > 0) {
				mp_lx_obs(x, at, MP_R_RFC5322_OBS_REFERENCES);
				(*phrases)++;
				continue;
			}
		}
		mp_rfc5322_msgid m;
		size_t at = x->i;
		if (!mp_rfc5322_msgid_lx(x, &m)) {
			/* skip to the next "<" */
			x->i = at + 1;
			while (!mp_lx_eof(x) && mp_lx_peek(x) != '<')
				x->i++;
			continue;
		}
		if (n < cap)
			v[n] = m;
		n++;
	}
	return n;
}

mp_rc mp_rfc5322_msgids_parse(mp_slice value, uint64_t voff, bool one,
			      const mp_rfc5322_opts *o, mp_arena *a,
			      mp_rfc5322_msgids *l, mp_diags *d)
{
	mp_lx x;
	size_t ph;
	memset(l, 0, sizeof(*l));
	mp_lx_init(&x, value, voff, o, NULL);
	size_t cnt = msgid_list(&x, one, NULL, 0, &ph);
	mp_lx_init(&x, value, voff, o, d);
	if (cnt) {
		l->v = a ? MP_NEW(a, mp_rfc5322_msgid, cnt) : NULL;
		if (l->v == NULL) {
			mp_lx_diag(&x, 0, MP_R_ARENA_FULL);
			return MP_NOSPACE;
		}
	}
	size_t n = msgid_list(&x, one, l->v, cnt, &l->phrases);
	l->n = n < cnt ? n : cnt;
	if (n == 0 && l->phrases == 0)
		mp_lx_diag(&x, 0, value.n ? MP_R_RFC5322_MSGID_SYNTAX : MP_R_RFC5322_EMPTY_BODY);
	if (one && n > 1)
		mp_lx_diag(&x, 0, MP_R_RFC5322_MSGID_COUNT);
	return x.bad ? MP_INVALID : MP_OK;
}

mp_rc mp_rfc5322_msgids_write(const mp_rfc5322_msgids *l, uint8_t *out,
			      size_t cap, size_t *len_r)
{
	size_t n = 0;
	bool ok = true;
	for (size_t i = 0; ok && i < l->n; i++) {
		if (i)
			ok = mp_putc(out, cap, &n, ' ');
		ok = ok && mp_putc(out, cap, &n, '<');
		ok = ok && mp_put(out, cap, &n, l->v[i].left);
		ok = ok && mp_putc(out, cap, &n, '@');
		ok = ok && mp_put(out, cap, &n, l->v[i].right);
		ok = ok && mp_putc(out, cap, &n, '>');
	}
	*len_r = ok ? n : 0;
	return ok ? MP_OK : MP_NOSPACE;
}

/* ---- Return-Path, Received, Keywords (3.6.5, 3.6.7) ---------------------- */

mp_rc mp_rfc5322_return_path_parse(mp_slice value, uint64_t voff,
				   const mp_rfc5322_opts *o,
				   mp_rfc5322_mailbox *mb, bool *null_r,
				   mp_diags *d)
{
	mp_lx x;
	mp_lx_init(&x, value, voff, o, d);
	memset(mb, 0, sizeof(*mb));
	*null_r = false;
	mp_lx_cfws(&x);
	if (mp_lx_peek(&x) != '<') {
		mp_lx_diag(&x, x.i, MP_R_RFC5322_RETURN_PATH_SYNTAX);
		return MP_INVALID;
	}
	size_t lt = x.i;
	x.i++;
	mp_lx_cfws(&x);
	if (mp_lx_peek(&x) == '>') {
		*null_r = true;
		x.i++;
		mp_lx_cfws(&x);
	} else {
		x.i = lt;
		mb->off = voff + lt;
		if (!angle_addr(&x, mb))
			return MP_INVALID;
	}
	if (!mp_lx_eof(&x))
		mp_lx_diag(&x, x.i, MP_R_RFC5322_TRAILING);
	return x.bad ? MP_INVALID : MP_OK;
}

/* received-token = word / angle-addr / addr-spec / domain. One token
 * from the cursor (after CFWS); false at ";" or the end. */
static bool received_token(mp_lx *x, mp_slice *t_r)
{
	mp_lx_cfws(x);
	int c = mp_lx_peek(x);
	size_t st = x->i;
	if (c < 0 || c == ';')
		return false;
	if (c == '<') {
		mp_rfc5322_mailbox mb;
		memset(&mb, 0, sizeof(mb));
		mp_lx y = *x;
		y.d = NULL;
		if (angle_addr(&y, &mb)) {
			angle_addr(x, &mb);
		} else {
			mp_lx_obs(x, st, MP_R_RFC5322_RECEIVED_SYNTAX);
			while (!mp_lx_eof(x) && mp_lx_peek(x) != '>' && mp_lx_peek(x) != ';')
				x->i++;
			if (mp_lx_peek(x) == '>')
				x->i++;
		}
	} else if (c == '[') {
		if (!domain_literal(x, NULL)) {
			/* the literal's own diag is pushed; the token is
			 * what it consumed, at least one octet */
			if (x->i == st)
				x->i++;
			*t_r = mp_slice_sub(x->s, st, x->i - st);
			return true;
		}
	} else if (c == '"') {
		mp_lx_quoted(x);
	} else if (mp_lx_dot_atom_text(x) == 0) {
		mp_lx_obs(x, st, MP_R_RFC5322_RECEIVED_SYNTAX);
		x->i++;
		*t_r = mp_slice_sub(x->s, st, 1);
		return true;
	}
	/* addr-spec: token "@" domain */
	if (c != '<' && mp_lx_peek(x) == '@') {
		x->i++;
		mp_slice dm;
		mp_lx y = *x;
		y.d = NULL;
		if (domain(&y, NULL, &dm))
			x->i = mp_slice_offset(x->s, dm) + dm.n;
	}
	size_t e = x->i;
	while (e > st && (x->s.p[e - 1] == ' ' || x->s.p[e - 1] == '\t'))
		e--;
	*t_r = mp_slice_sub(x->s, st, e - st);
	return true;
}

static bool clause_word(mp_slice t)
{
	static const char *const kw[] = { "from", "by", "via", "with", "id", "for" };
	for (size_t i = 0; i < MP_ARRAY_LEN(kw); i++)
		if (mp_slice_is_ci(t, kw[i]))
			return true;
	return false;
}

static size_t received_kvs(mp_lx *x, mp_rfc5322_received_kv *v, size_t cap)
{
	size_t n = 0;
	mp_slice t;
	while (received_token(x, &t)) {
		mp_rfc5322_received_kv kv = { t, { t.p + t.n, 0 }, x->off + mp_slice_offset(x->s, t) };
		if (clause_word(t)) {
			size_t save = x->i;
			mp_slice u;
			if (received_token(x, &u) && !clause_word(u))
				kv.value = u;
			else
				x->i = save;
		} else {
			kv.value = t;
			kv.name = MP_SLICE(t.p, 0);
		}
		if (n < cap)
			v[n] = kv;
		n++;
	}
	return n;
}

mp_rc mp_rfc5322_received_parse(mp_slice value, uint64_t voff,
				const mp_rfc5322_opts *o, mp_arena *a,
				mp_rfc5322_received *r, mp_diags *d)
{
	mp_lx x;
	memset(r, 0, sizeof(*r));
	mp_lx_init(&x, value, voff, o, NULL);
	size_t cnt = received_kvs(&x, NULL, 0);
	mp_lx_init(&x, value, voff, o, d);
	if (cnt) {
		r->v = a ? MP_NEW(a, mp_rfc5322_received_kv, cnt) : NULL;
		if (r->v == NULL) {
			mp_lx_diag(&x, 0, MP_R_ARENA_FULL);
			return MP_NOSPACE;
		}
	}
	size_t n = received_kvs(&x, r->v, cnt);
	r->n = n < cnt ? n : cnt;
	if (mp_lx_peek(&x) != ';') {
		/* obs-received = "Received:" *received-token CRLF */
		mp_lx_obs(&x, x.i, MP_R_RFC5322_RECEIVED_SYNTAX);
		return x.bad ? MP_INVALID : MP_OK;
	}
	x.i++;
	if (mp_rfc5322_date_lx(&x, &r->date)) {
		r->has_date = true;
		if (!mp_lx_eof(&x))
			mp_lx_diag(&x, x.i, MP_R_RFC5322_TRAILING);
	}
	return x.bad ? MP_INVALID : MP_OK;
}

/* keywords = "Keywords:" phrase *("," phrase)
 * obs-phrase-list = [phrase / CFWS] *("," [phrase / CFWS]) */
mp_rc mp_rfc5322_keywords_parse(mp_slice value, uint64_t voff,
				const mp_rfc5322_opts *o, size_t *n_r,
				mp_diags *d)
{
	mp_lx x;
	size_t n = 0;
	bool empty = false;
	size_t empty_at = 0;
	mp_lx_init(&x, value, voff, o, d);
	for (;;) {
		mp_slice ph;
		size_t dot;
		size_t at;
		mp_lx_cfws(&x);
		at = x.i;
		if (phrase(&x, &ph, &dot) > 0) {
			n++;
			if (dot != SIZE_MAX)
				mp_lx_obs(&x, dot, MP_R_RFC5322_OBS_PHRASE);
		} else if (!empty) {
			empty = true;
			empty_at = at;
		}
		if (mp_lx_eof(&x))
			break;
		if (mp_lx_peek(&x) != ',') {
			mp_lx_diag(&x, x.i, MP_R_RFC5322_KEYWORDS_SYNTAX);
			break;
		}
		x.i++;
	}
	if (empty)
		mp_lx_obs(&x, empty_at, n ? MP_R_RFC5322_OBS_LIST : MP_R_RFC5322_KEYWORDS_SYNTAX);
	*n_r = n;
	return x.bad ? MP_INVALID : MP_OK;
}
