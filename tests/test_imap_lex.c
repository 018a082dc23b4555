/* tests/test_imap_lex.c: the IMAP lexer (parsers/imap-lex.c), one ABNF
 * rule of RFC 9051 9 per function, both sides of each; and the shared
 * tree code (parsers/imap-tree.c): printers, equality, search, JSON. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../parsers/imap-private.h"

typedef mp_imap_node *(*lexfn)(imap_cur *c);

static mp_imap_node *f_atom(imap_cur *c) { return ic_atom(c, MP_IMAP_S_NONE); }
static mp_imap_node *f_number(imap_cur *c) { return ic_number(c, MP_IMAP_S_NUMBER, false, false); }
static mp_imap_node *f_nz(imap_cur *c) { return ic_number(c, MP_IMAP_S_NUMBER, true, false); }
static mp_imap_node *f_n64(imap_cur *c) { return ic_number(c, MP_IMAP_S_NUMBER, false, true); }
static mp_imap_node *f_string(imap_cur *c) { return ic_string(c, MP_IMAP_S_STRING); }
static mp_imap_node *f_astring(imap_cur *c) { return ic_astring(c, MP_IMAP_S_STRING); }
static mp_imap_node *f_nstring(imap_cur *c) { return ic_nstring(c, MP_IMAP_S_STRING); }
static mp_imap_node *f_lit8(imap_cur *c) { return ic_literal(c, MP_IMAP_S_STRING, true); }
static mp_imap_node *f_lmbox(imap_cur *c) { return ic_list_mailbox(c); }
static mp_imap_node *f_flag(imap_cur *c) { return ic_flag(c, false); }
static mp_imap_node *f_flags(imap_cur *c) { return ic_flag_list(c, false); }
static mp_imap_node *f_pflags(imap_cur *c) { return ic_flag_list(c, true); }
static mp_imap_node *f_seq(imap_cur *c) { return ic_seq_set(c, true); }
static mp_imap_node *f_date(imap_cur *c) { return ic_date(c); }
static mp_imap_node *f_dt(imap_cur *c) { return ic_date_time(c); }
static mp_imap_node *f_sect(imap_cur *c) { return ic_section(c); }
static mp_imap_node *f_part(imap_cur *c) { return ic_partial(c, true); }
static mp_imap_node *f_part1(imap_cur *c) { return ic_partial(c, false); }
static mp_imap_node *f_text(imap_cur *c) { return ic_text(c, MP_IMAP_S_RESP_TEXT); }
static mp_imap_node *f_value(imap_cur *c) { return ic_value(c, MP_IMAP_S_NONE); }
static mp_imap_node *f_tag(imap_cur *c) { return ic_tag(c); }

/* Runs fn over in (a whole unit: in plus CRLF) and renders
 * "type:printed@end" or "-@pos" on failure, then " RULE@off" per diag. */
static void lx(lexfn fn, unsigned flags, const char *in, size_t n, const char *want)
{
	char *text = malloc(n + 2);
	assert_non_null(text);
	memcpy(text, in, n);
	memcpy(text + n, "\r\n", 2);
	mp_imap_unit u = { .text = MP_SLICE(text, n + 2), .off = 1000 };
	mp_imap_opts o = { .flags = flags, .max_depth = 4 };
	static uint8_t mem[1 << 14];
	mp_arena a;
	mp_arena_init(&a, mem, sizeof mem);
	mp_diag dv[16];
	mp_diags d;
	mp_diags_init(&d, dv, 16);
	imap_cur c;
	ic_init(&c, &u, &o, &a, &d);
	mp_imap_node *node = fn(&c);
	char got[1024];
	size_t k = 0;
	if (node) {
		uint8_t pr[512];
		size_t pl = 0;
		assert_int_equal(mp_imap_nodes_write(node, pr, sizeof pr, &pl), node->streamed ? MP_INVALID : MP_OK);
		k += (size_t)snprintf(got + k, sizeof got - k, "%s:",
				      mp_imap_type_name((mp_imap_type)node->type));
		for (size_t i = 0; i < pl && k + 8 < sizeof got; i++) {
			if (pr[i] == 0)
				k += (size_t)snprintf(got + k, sizeof got - k, "\\x00");
			else
				got[k++] = (char)pr[i];
		}
		k += (size_t)snprintf(got + k, sizeof got - k, "@%zu", c.i);
		assert_int_equal(node->off, 1000);
	} else {
		k += (size_t)snprintf(got + k, sizeof got - k, "-@%zu", c.i);
	}
	for (size_t i = 0; i < d.n && k < sizeof got; i++)
		k += (size_t)snprintf(got + k, sizeof got - k, " %s@%llu",
				      mp_rule_name(d.v[i].rule) + 5,
				      (unsigned long long)d.v[i].offset - 1000);
	if (strcmp(got, want) != 0)
		fail_msg("'%s': got '%s', want '%s'", in, got, want);
	assert_int_equal(node == NULL, c.stop);
	free(text);
}

#define LX(fn, in, want) lx(fn, 0, in, sizeof(in) - 1, want)
#define LXF(fn, fl, in, want) lx(fn, fl, in, sizeof(in) - 1, want)

static void test_atoms(void **state)
{
	(void)state;
	LX(f_atom, "abc", "atom:abc@3");
	LX(f_atom, "a.b-c_d!#$&'+,./:;<=>?@[^`|}~x", "atom:a.b-c_d!#$&'+,./:;<=>?@[^`|}~x@30");
	LX(f_atom, "ab(c", "atom:ab@2");
	LX(f_atom, "ab]c", "atom:ab@2");
	LX(f_atom, "", "-@0 ATOM@0");
	LX(f_atom, "(x", "-@0 ATOM@0");
	LX(f_atom, "%x", "-@0 ATOM@0");
	LX(f_atom, "*", "-@0 ATOM@0");
	LX(f_atom, "\"x", "-@0 ATOM@0");
	LX(f_atom, "\\x", "-@0 ATOM@0");
	LX(f_atom, "\x7f", "-@0 ATOM@0");
	LX(f_atom, "\x80", "-@0 ATOM@0");
	LX(f_tag, "A001", "atom:A001@4");
	LX(f_tag, "a]1", "atom:a]1@3");
	LX(f_tag, "a+1", "atom:a@1");
	LX(f_tag, "+", "-@0 TAG@0");
	LX(f_tag, "*", "-@0 TAG@0");
}

static void test_numbers(void **state)
{
	(void)state;
	LX(f_number, "0", "number:0@1");
	LX(f_number, "007", "number:7@3");
	LX(f_number, "4294967295", "number:4294967295@10");
	LX(f_number, "4294967296", "-@0 NUMBER_RANGE@0");
	LX(f_number, "12a", "number:12@2"); /* the caller judges what follows */
	LX(f_number, "x", "-@0 NUMBER@0");
	LX(f_number, "", "-@0 NUMBER@0");
	LX(f_nz, "1", "number:1@1");
	LX(f_nz, "0", "-@0 NZ_NUMBER@0");
	LX(f_nz, "01", "-@0 NZ_NUMBER@0");
	LX(f_n64, "9223372036854775807", "number:9223372036854775807@19");
	LX(f_n64, "9223372036854775808", "-@0 NUMBER_RANGE@0");
	LX(f_n64, "99999999999999999999999", "-@0 NUMBER_RANGE@0");
}

static void test_strings(void **state)
{
	(void)state;
	LX(f_string, "\"abc\"", "string:\"abc\"@5");
	LX(f_string, "\"\"", "string:\"\"@2");
	LX(f_string, "\"a\\\"b\\\\c\"", "string:\"a\\\"b\\\\c\"@9");
	LX(f_string, "\"a\\b\"", "-@2 QUOTED_ESCAPE@2");
	LXF(f_string, MP_IMAP_LENIENT, "\"a\\b\"", "string:\"a\\b\"@5 QUOTED_ESCAPE@2");
	LX(f_string, "\"abc", "-@0 QUOTED@0");
	LX(f_string, "abc", "-@0 STRING@0");
	/* UTF-8: rev2 takes it, rev1 not without UTF8=ACCEPT, invalid never */
	LX(f_string, "\"\xc3\xa9\"", "string:\"\xc3\xa9\"@4");
	LXF(f_string, MP_IMAP_REV1, "\"\xc3\xa9\"", "string:\"\xc3\xa9\"@4 QUOTED_8BIT@1");
	LXF(f_string, MP_IMAP_REV1 | MP_IMAP_UTF8, "\"\xc3\xa9\"", "string:\"\xc3\xa9\"@4");
	LX(f_string, "\"\xc3(\"", "string:\"\xc3(\"@4 UTF8_INVALID@1");
	LX(f_string, "\"a\0b\"", "string:\"a\\x00b\"@5 NUL@2");
	/* literals of every form */
	LX(f_string, "{3}\r\nabc", "string:{3}\r\nabc@8");
	LX(f_string, "{0}\r\n", "string:{0}\r\n@5");
	LX(f_string, "{3+}\r\nabc", "string:{3+}\r\nabc@9");
	LX(f_string, "{3-}\r\nabc", "string:{3-}\r\nabc@9");
	LX(f_string, "{3}\r\na\0c", "string:{3}\r\na\\x00c@8 LITERAL_NUL@6");
	LX(f_string, "~{3}\r\nabc", "-@0 LITERAL8_PLACE@0");
	LX(f_lit8, "~{3}\r\na\0c", "string:~{3}\r\na\\x00c@9");
	LX(f_lit8, "~{3+}\r\nabc", "string:~{3+}\r\nabc@10");
	LX(f_string, "{3x}\r\nabc", "-@2 LITERAL_SYNTAX@2");
	LX(f_string, "{}\r\n", "-@1 LITERAL_SYNTAX@1");
	LX(f_string, "{3}abc", "-@3 LITERAL_SYNTAX@3");
	LX(f_string, "{99999999999999999999}\r\n", "-@1 LITERAL_RANGE@1");
	LXF(f_string, MP_IMAP_REV1, "{4294967296}\r\n", "-@1 LITERAL_RANGE@1");
	/* a literal bigger than what follows: cut, MUST */
	LX(f_string, "{9}\r\nabc", "-@5 LITERAL_SYNTAX@5");
	/* astring, nstring */
	LX(f_astring, "INBOX", "atom:INBOX@5");
	LX(f_astring, "a]b", "atom:a]b@3");
	LX(f_astring, "\"x y\"", "string:\"x y\"@5");
	LX(f_astring, "(x", "-@0 STRING@0");
	LX(f_nstring, "NIL", "nil:NIL@3");
	LX(f_nstring, "nil", "nil:NIL@3");
	LX(f_nstring, "NILS", "-@0 STRING@0");
	LX(f_nstring, "\"NIL\"", "string:\"NIL\"@5");
	LX(f_lmbox, "foo/%*]", "atom:foo/%*]@7");
	LX(f_lmbox, "\"%\"", "string:\"%\"@3");
}

static void test_flags_seq(void **state)
{
	(void)state;
	LX(f_flag, "\\Seen", "atom:\\Seen@5");
	LX(f_flag, "$Forwarded", "atom:$Forwarded@10");
	LX(f_flag, "\\*", "atom:\\*@2 FLAG_WILDCARD@0");
	LX(f_flag, "\\", "-@0 FLAG@0");
	LX(f_flag, "(", "-@0 FLAG@0");
	LX(f_flags, "()", "list:()@2");
	LX(f_flags, "(\\Seen \\Deleted foo)", "list:(\\Seen \\Deleted foo)@20");
	LX(f_pflags, "(\\Seen \\*)", "list:(\\Seen \\*)@10");
	LX(f_flags, "(\\Seen", "-@6 LIST_CLOSE@6");
	LX(f_flags, "(\\Seen  \\Deleted)", "-@7 EXTRA_SP@7");
	LXF(f_flags, MP_IMAP_LENIENT, "(\\Seen  \\Deleted)", "list:(\\Seen \\Deleted)@17 EXTRA_SP@7");
	LX(f_flags, "\\Seen", "-@0 LIST_OPEN@0");
	LX(f_seq, "1", "atom:1@1");
	LX(f_seq, "1:*,3,5:7", "atom:1:*,3,5:7@9");
	LX(f_seq, "*", "atom:*@1");
	LX(f_seq, "*:4", "atom:*:4@3");
	LX(f_seq, "$", "atom:$@1");
	LX(f_seq, "4294967295", "atom:4294967295@10");
	LX(f_seq, "4294967296", "-@0 SEQ_SET@0");
	LX(f_seq, "0", "-@0 SEQ_SET@0");
	LX(f_seq, "1,", "-@2 SEQ_SET@2");
	LX(f_seq, "1::2", "-@2 SEQ_SET@2");
	LX(f_seq, "1:", "-@2 SEQ_SET@2");
	LX(f_seq, "1a", "-@1 SEQ_SET@1");
	LX(f_seq, "$1", "-@0 SEQ_SET@0");
	LX(f_seq, "", "-@0 SEQ_SET@0");
}

static void test_dates_sections(void **state)
{
	(void)state;
	LX(f_date, "1-Feb-1994", "atom:1-Feb-1994@10");
	LX(f_date, "01-feb-1994", "atom:01-feb-1994@11");
	LX(f_date, "\"1-Feb-1994\"", "atom:\"1-Feb-1994\"@12");
	LX(f_date, "32-Feb-1994", "-@0 DATE@0");
	LX(f_date, "1-Fev-1994", "-@0 DATE@0");
	LX(f_date, "1-Feb-94", "-@0 DATE@0");
	LX(f_date, "\"1-Feb-1994", "-@0 DATE@0");
	LX(f_date, "001-Feb-1994", "-@0 DATE@0");
	LX(f_dt, "\"17-Jul-1996 02:44:25 -0700\"", "atom:\"17-Jul-1996 02:44:25 -0700\"@28");
	LX(f_dt, "\" 7-Jul-1996 02:44:25 +0000\"", "atom:\" 7-Jul-1996 02:44:25 +0000\"@28");
	LX(f_dt, "\"7-Jul-1996 02:44:25 +0000\"", "-@0 DATE_TIME@0");
	LX(f_dt, "\"17-Jul-1996 24:44:25 -0700\"", "-@0 DATE_TIME@0");
	LX(f_dt, "\"17-Jul-1996 02:44:25 -0760\"", "-@0 DATE_TIME@0");
	LX(f_dt, "\"17-Jul-1996 02:44:25\"", "-@0 DATE_TIME@0");
	LX(f_dt, "17-Jul-1996", "-@0 DATE_TIME@0");
	LX(f_sect, "[]", "section:[]@2");
	LX(f_sect, "[HEADER]", "section:[HEADER]@8");
	LX(f_sect, "[1.2.3]", "section:[1.2.3]@7");
	LX(f_sect, "[1.2.MIME]", "section:[1.2.MIME]@10");
	LX(f_sect, "[1.TEXT]", "section:[1.TEXT]@8");
	LX(f_sect, "[header.fields (From To)]", "section:[header.fields (From To)]@25");
	LX(f_sect, "[1.HEADER.FIELDS.NOT (\"X\" y)]", "section:[1.HEADER.FIELDS.NOT (\"X\" y)]@29");
	LX(f_sect, "[MIME]", "-@1 SECTION@1");
	LX(f_sect, "[0]", "-@1 SECTION@1");
	LX(f_sect, "[1.]", "-@1 SECTION@1");
	LX(f_sect, "[BODY]", "-@1 SECTION@1");
	LX(f_sect, "[HEADER.FIELDS ()]", "-@16 STRING@16");
	LX(f_sect, "[HEADER.FIELDS]", "-@14 SP@14");
	LX(f_sect, "[TEXT", "-@5 SECTION@5");
	LX(f_part, "<0.100>", "partial:<0.100>@7");
	LX(f_part, "<0.0>", "-@3 NZ_NUMBER@3");
	LX(f_part, "<5>", "-@2 PARTIAL@2");
	LX(f_part1, "<5>", "partial:<5>@3");
}

static void test_text_value(void **state)
{
	(void)state;
	LX(f_text, "Hello there [x]", "text:Hello there [x]@15");
	LX(f_text, "", "-@0 TEXT@0");
	LX(f_text, "a\0b", "text:a\\x00b@3 NUL@1");
	LX(f_value, "NIL", "nil:NIL@3");
	LX(f_value, "123", "number:123@3");
	LX(f_value, "123abc", "atom:123abc@6");
	LX(f_value, "(a \"b\" (1 NIL) {1}\r\nx \\Seen)", "list:(a \"b\" (1 NIL) {1}\r\nx \\Seen)@28");
	LX(f_value, "(((((x)))))", "-@4 DEPTH@4");
	LX(f_value, "((((x))))", "list:((((x))))@9");
	LX(f_value, "(((x)))", "list:(((x)))@7");
	LX(f_value, ")", "-@0 VALUE@0");
	LX(f_value, "(a", "-@2 LIST_CLOSE@2");
	/* a SP before the end is EXTRA_SP, and the list is not closed */
	LX(f_value, "(a ", "-@2 EXTRA_SP@2");
}

/* A node by hand. */
static mp_imap_node mk(mp_imap_type t, const char *s, uint64_t num)
{
	mp_imap_node n;
	memset(&n, 0, sizeof n);
	n.type = (uint8_t)t;
	n.s = MP_SLICE(s, s ? strlen(s) : 0);
	n.num = num;
	return n;
}

static void test_tree(void **state)
{
	(void)state;
	/* FETCH item BODY.PEEK[HEADER.FIELDS (From)]<0.10> */
	mp_imap_node item = mk(MP_IMAP_ITEM, "BODY.PEEK", 0);
	mp_imap_node sect = mk(MP_IMAP_SECTION, NULL, 0);
	mp_imap_node spec = mk(MP_IMAP_ATOM, "HEADER.FIELDS", 0);
	mp_imap_node flds = mk(MP_IMAP_LIST, NULL, 0);
	mp_imap_node from = mk(MP_IMAP_ATOM, "From", 0);
	mp_imap_node part = mk(MP_IMAP_PARTIAL, NULL, 0);
	part.num2 = 10;
	part.has_num2 = true;
	item.kid = &sect;
	item.nkids = 2;
	sect.kid = &spec;
	sect.nkids = 2;
	spec.next = &flds;
	flds.kid = &from;
	flds.nkids = 1;
	sect.next = &part;
	spec.sem = MP_IMAP_S_SECTION;
	uint8_t out[128];
	size_t n;
	assert_int_equal(mp_imap_nodes_write(&item, out, sizeof out, &n), MP_OK);
	assert_int_equal(n, 37);
	assert_memory_equal(out, "BODY.PEEK[HEADER.FIELDS (From)]<0.10>", 37);
	for (size_t cap = 0; cap < 37; cap++)
		assert_int_equal(mp_imap_nodes_write(&item, out, cap, &n), MP_NOSPACE);
	assert_ptr_equal(mp_imap_find(&item, MP_IMAP_S_SECTION), &spec);
	assert_null(mp_imap_find(&item, MP_IMAP_S_MAILBOX));
	assert_true(mp_imap_node_eq(&item, &item));
	mp_imap_node other = item;
	other.s = MP_LIT("BODY");
	assert_false(mp_imap_node_eq(&item, &other));

	/* a code with arguments, strings of each form, a streamed literal */
	mp_imap_node code = mk(MP_IMAP_ITEM, "APPENDUID", 0);
	mp_imap_node a1 = mk(MP_IMAP_NUMBER, NULL, 38505);
	mp_imap_node a2 = mk(MP_IMAP_ATOM, "3955", 0);
	code.kid = &a1;
	a1.next = &a2;
	assert_int_equal(mp_imap_nodes_write(&code, out, sizeof out, &n), MP_OK);
	assert_memory_equal(out, "APPENDUID 38505 3955", n);
	mp_imap_node q = mk(MP_IMAP_STRING, "a\\\"b", 0);
	mp_imap_node l = mk(MP_IMAP_STRING, "xy", 2);
	l.form = MP_IMAP_LITERAL_PLUS;
	mp_imap_node l8 = mk(MP_IMAP_STRING, "\0", 1);
	l8.s.n = 1;
	l8.form = MP_IMAP_LITERAL8;
	q.next = &l;
	l.next = &l8;
	assert_int_equal(mp_imap_nodes_write(&q, out, sizeof out, &n), MP_OK);
	assert_int_equal(n, 23);
	assert_memory_equal(out, "\"a\\\"b\" {2+}\r\nxy ~{1}\r\n\0", 23);
	size_t ul;
	assert_int_equal(mp_imap_unquote(&q, out, sizeof out, &ul), MP_OK);
	assert_int_equal(ul, 3);
	assert_memory_equal(out, "a\"b", 3);
	assert_int_equal(mp_imap_unquote(&q, out, 2, &ul), MP_NOSPACE);
	l.streamed = true;
	assert_int_equal(mp_imap_nodes_write(&q, out, sizeof out, &n), MP_INVALID);
	assert_int_equal(mp_imap_unquote(&l, out, sizeof out, &ul), MP_INVALID);

	/* whole commands and responses */
	mp_imap_node mbox = mk(MP_IMAP_ATOM, "INBOX", 0);
	mp_imap_cmd c = { .tag = MP_LIT("a1"), .name = MP_IMAP_CMD_SELECT,
			  .keyword = MP_LIT("select"), .args = &mbox, .nargs = 1 };
	assert_int_equal(mp_imap_cmd_write(&c, out, sizeof out, &n), MP_OK);
	assert_memory_equal(out, "a1 SELECT INBOX\r\n", n);
	c.uid = true;
	c.name = MP_IMAP_CMD_EXPUNGE;
	assert_int_equal(mp_imap_cmd_write(&c, out, sizeof out, &n), MP_OK);
	assert_memory_equal(out, "a1 UID EXPUNGE INBOX\r\n", n);
	mp_imap_cmd done = { .name = MP_IMAP_CMD_DONE };
	assert_int_equal(mp_imap_cmd_write(&done, out, sizeof out, &n), MP_OK);
	assert_memory_equal(out, "DONE\r\n", n);
	mp_imap_resp r = { .kind = MP_IMAP_TAGGED, .tag = MP_LIT("a1"),
			   .status = MP_IMAP_ST_OK, .code = &code,
			   .text = MP_LIT("APPEND completed") };
	assert_int_equal(mp_imap_resp_write(&r, out, sizeof out, &n), MP_OK);
	assert_memory_equal(out, "a1 OK [APPENDUID 38505 3955] APPEND completed\r\n", n);
	mp_imap_resp f = { .kind = MP_IMAP_UNTAGGED, .data = MP_IMAP_DATA_EXISTS,
			   .keyword = MP_LIT("exists"), .number = 23 };
	assert_int_equal(mp_imap_resp_write(&f, out, sizeof out, &n), MP_OK);
	assert_memory_equal(out, "* 23 EXISTS\r\n", n);
	mp_imap_resp k = { .kind = MP_IMAP_CONTINUE };
	assert_int_equal(mp_imap_resp_write(&k, out, sizeof out, &n), MP_OK);
	assert_memory_equal(out, "+ \r\n", n);
	assert_true(mp_imap_resp_eq(&r, &r));
	assert_false(mp_imap_resp_eq(&r, &f));
	assert_true(mp_imap_cmd_eq(&c, &c));
	assert_string_equal(mp_imap_cmd_name_str(MP_IMAP_CMD_AUTHENTICATE), "AUTHENTICATE");
	assert_string_equal(mp_imap_cmd_name_str((mp_imap_cmd_name)999), "?");
	assert_string_equal(mp_imap_data_name(MP_IMAP_DATA_VANISHED), "VANISHED");
	assert_string_equal(mp_imap_sem_name(MP_IMAP_S_ENVELOPE), "ENVELOPE");
	assert_string_equal(mp_imap_status_name(MP_IMAP_ST_PREAUTH), "PREAUTH");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_atoms),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_flags_seq),
		cmocka_unit_test(test_dates_sections),
		cmocka_unit_test(test_text_value),
		cmocka_unit_test(test_tree),
	};
	return cmocka_run_group_tests_name("imap_lex", tests, NULL, NULL);
}
