/* rfc5322-date.c: date-time (RFC 5322 3.3) with the obsolete forms of
 * 4.3 (obs-day-of-week, obs-day, obs-year, obs-hour ..., obs-zone: UT,
 * GMT, the US zones, military letters; RFC 5322 4.3 reads military and
 * unknown zone names as "-0000"). */
#include <stdio.h>
#include <string.h>

#include "rfc5322-private.h"

static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static const struct zone_row {
	const char *name;
	int minutes;
} zones[] = {
	{ "UT", 0 }, { "GMT", 0 },
	{ "EST", -300 }, { "EDT", -240 }, { "CST", -360 }, { "CDT", -300 },
	{ "MST", -420 }, { "MDT", -360 }, { "PST", -480 }, { "PDT", -420 },
};

int mp_rfc5322_weekday(int y, int m, int d)
{
	static const int t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
	if (m < 1 || m > 12)
		return 0;
	if (m < 3)
		y -= 1;
	int w = (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
	return w < 0 ? w + 7 : w;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && leap(y) ? 29 : n[m - 1];
}

int64_t mp_rfc5322_date_epoch(const mp_rfc5322_date *dt)
{
	/* days from 1970-01-01 of a proleptic Gregorian date */
	int64_t y = dt->year - (dt->month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t mp = (dt->month + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + dt->day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days_ = era * 146097 + doe - 719468;
	return days_ * 86400 + dt->hour * 3600 + dt->min * 60 + dt->sec -
	       (int64_t)dt->zone * 60;
}

/* CFWS where the grammar has FWS (or nothing): a comment there is obs-.
 * true when something was skipped. */
static bool sep(mp_lx *x, mp_rfc5322_date *dt)
{
	size_t st = x->i;
	for (;;) {
		mp_lx_fws(x);
		size_t c = x->i;
		if (!mp_lx_comment(x))
			break;
		if (!dt->obsolete)
			mp_lx_obs(x, c, MP_R_RFC5322_OBS_DATE_CFWS);
		dt->obsolete = true;
	}
	return x->i > st;
}

static size_t digits(mp_lx *x, size_t max, int *v)
{
	size_t st = x->i;
	long acc = 0;
	while (x->i < x->s.n && mp_is_digit(x->s.p[x->i])) {
		if (x->i - st < max)
			acc = acc * 10 + (x->s.p[x->i] - '0');
		x->i++;
	}
	*v = (int)acc;
	return x->i - st;
}

static size_t alpha(mp_lx *x)
{
	size_t st = x->i;
	while (x->i < x->s.n && mp_is_alpha(x->s.p[x->i]))
		x->i++;
	return x->i - st;
}

static int name_index(mp_slice s, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (mp_slice_eq_ascii_ci(s, MP_SLICE(names[i], 3)))
			return (int)i;
	return -1;
}

static bool syntax(mp_lx *x, size_t at)
{
	mp_lx_diag(x, at, MP_R_RFC5322_DATE_SYNTAX);
	return false;
}

/* date-time = [ day-of-week "," ] date time [CFWS] */
bool mp_rfc5322_date_lx(mp_lx *x, mp_rfc5322_date *dt)
{
	memset(dt, 0, sizeof(*dt));
	sep(x, dt);
	dt->off = x->off + x->i;
	size_t at = x->i, k;
	if (mp_lx_peek(x) >= 0 && mp_is_alpha(mp_lx_peek(x))) {
		k = alpha(x);
		int w = k == 3 ? name_index(mp_slice_sub(x->s, at, 3), days, 7) : -1;
		if (w < 0)
			return syntax(x, at);
		dt->dow = w;
		dt->has_dow = true;
		sep(x, dt);
		if (mp_lx_peek(x) != ',')
			return syntax(x, x->i);
		x->i++;
		sep(x, dt);
	}
	/* day = ([FWS] 1*2DIGIT FWS) / obs-day */
	size_t day_at = x->i;
	k = digits(x, 2, &dt->day);
	if (k < 1 || k > 2)
		return syntax(x, day_at);
	if (!sep(x, dt))
		return syntax(x, x->i);
	size_t mon_at = x->i;
	k = alpha(x);
	int m = k == 3 ? name_index(mp_slice_sub(x->s, mon_at, 3), months, 12) : -1;
	if (m < 0)
		return syntax(x, mon_at);
	dt->month = m + 1;
	if (!sep(x, dt))
		return syntax(x, x->i);
	/* year = (FWS 4*DIGIT FWS) / obs-year (2*DIGIT) */
	size_t year_at = x->i;
	k = digits(x, 9, &dt->year);
	if (k < 2 || k > 9)
		return syntax(x, year_at);
	if (k < 4) {
		mp_lx_obs(x, year_at, MP_R_RFC5322_OBS_YEAR);
		dt->obsolete = true;
		/* 4.3: two digits add 2000 below 50, else 1900; three add 1900 */
		dt->year += k == 2 && dt->year < 50 ? 2000 : 1900;
	} else if (dt->year < 1900) {
		mp_lx_diag(x, year_at, MP_R_RFC5322_DATE_YEAR);
	}
	if (!sep(x, dt))
		return syntax(x, x->i);
	/* time-of-day = hour ":" minute [ ":" second ] */
	size_t t_at = x->i;
	if (digits(x, 2, &dt->hour) != 2)
		return syntax(x, t_at);
	sep(x, dt);
	if (mp_lx_peek(x) != ':')
		return syntax(x, x->i);
	x->i++;
	sep(x, dt);
	size_t min_at = x->i;
	if (digits(x, 2, &dt->min) != 2)
		return syntax(x, min_at);
	size_t save = x->i;
	sep(x, dt);
	size_t sec_at = x->i;
	if (mp_lx_peek(x) == ':') {
		x->i++;
		sep(x, dt);
		sec_at = x->i;
		if (digits(x, 2, &dt->sec) != 2)
			return syntax(x, sec_at);
		dt->has_sec = true;
	} else {
		x->i = save;
	}
	/* zone = (FWS ( "+" / "-" ) 4DIGIT) / obs-zone */
	if (!sep(x, dt))
		return syntax(x, x->i);
	size_t z_at = x->i;
	int c = mp_lx_peek(x);
	if (c == '+' || c == '-') {
		int v;
		x->i++;
		if (digits(x, 4, &v) != 4)
			return syntax(x, z_at);
		if (v % 100 > 59)
			mp_lx_diag(x, z_at + 3, MP_R_RFC5322_ZONE_RANGE);
		dt->zone = (v / 100) * 60 + v % 100;
		if (c == '-')
			dt->zone = -dt->zone;
		if (c == '-' && v == 0)
			dt->zone_unknown = true; /* 3.3: no information */
	} else if (c >= 0 && mp_is_alpha(c)) {
		k = alpha(x);
		mp_slice z = mp_slice_sub(x->s, z_at, k);
		bool known = false;
		for (size_t i = 0; i < MP_ARRAY_LEN(zones); i++) {
			if (mp_slice_is_ci(z, zones[i].name)) {
				dt->zone = zones[i].minutes;
				known = true;
			}
		}
		mp_lx_obs(x, z_at, MP_R_RFC5322_OBS_ZONE);
		dt->obsolete = true;
		if (!known) {
			/* military letters (not "J") and other names: -0000 */
			if (k == 1 && (z.p[0] == 'J' || z.p[0] == 'j'))
				return syntax(x, z_at);
			dt->zone = 0;
			dt->zone_unknown = true;
			mp_diag_push(x->d, x->off + z_at, MP_R_RFC5322_ZONE_UNKNOWN);
		}
	} else {
		return syntax(x, z_at);
	}
	mp_lx_cfws(x);
	/* ranges */
	if (dt->day < 1 || dt->day > month_days(dt->year, dt->month))
		mp_lx_diag(x, day_at, MP_R_RFC5322_DATE_RANGE);
	else if (dt->has_dow && mp_rfc5322_weekday(dt->year, dt->month, dt->day) != dt->dow)
		mp_lx_diag(x, at, MP_R_RFC5322_DATE_WEEKDAY);
	if (dt->hour > 23)
		mp_lx_diag(x, t_at, MP_R_RFC5322_DATE_RANGE);
	if (dt->min > 59)
		mp_lx_diag(x, min_at, MP_R_RFC5322_DATE_RANGE);
	if (dt->sec > 60)
		mp_lx_diag(x, sec_at, MP_R_RFC5322_DATE_RANGE);
	return true;
}

mp_rc mp_rfc5322_date_parse(mp_slice value, uint64_t voff,
			    const mp_rfc5322_opts *o, mp_rfc5322_date *dt,
			    mp_diags *d)
{
	mp_lx x;
	mp_lx_init(&x, value, voff, o, d);
	if (!mp_rfc5322_date_lx(&x, dt))
		return MP_INVALID;
	if (!mp_lx_eof(&x))
		mp_lx_diag(&x, x.i, MP_R_RFC5322_TRAILING);
	return x.bad ? MP_INVALID : MP_OK;
}

mp_rc mp_rfc5322_date_write(const mp_rfc5322_date *dt, uint8_t *out,
			    size_t cap, size_t *len_r)
{
	char buf[64];
	int z = dt->zone < 0 ? -dt->zone : dt->zone;
	char sign = dt->zone < 0 || (dt->zone == 0 && dt->zone_unknown) ? '-' : '+';
	int k = snprintf(buf, sizeof buf, "%s%s%02d %s %04d %02d:%02d:%02d %c%02d%02d",
			 dt->has_dow ? days[dt->dow % 7] : "", dt->has_dow ? ", " : "",
			 dt->day % 100, months[(dt->month + 11) % 12], dt->year % 100000,
			 dt->hour % 100, dt->min % 100, dt->sec % 100, sign,
			 (z / 60) % 100, z % 60);
	*len_r = 0;
	if (k < 0 || (size_t)k > cap)
		return MP_NOSPACE;
	memcpy(out, buf, (size_t)k);
	*len_r = (size_t)k;
	return MP_OK;
}
