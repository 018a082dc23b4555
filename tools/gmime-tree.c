/* tools/gmime-tree.c: the part tree of each message as GMime 3 sees it,
 * in the notation of tests/test_mimetree.c ("type/subtype[ child ...]",
 * a leaf "type/subtype=decoded-size"), one "name<TAB>tree" line per file.
 * Used to make and check tests/golden/mimetree/corpus.txt:
 *   cc -o /tmp/gmime-tree tools/gmime-tree.c $(pkg-config --cflags --libs gmime-3.0)
 *   cd ../shared/corpora/messages && /tmp/gmime-tree $(find . -type f | sort) */
#include <fcntl.h>
#include <gmime/gmime.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static void lower_print(const char *s)
{
	for (; s && *s; s++)
		putchar(g_ascii_tolower(*s));
}

static void walk(GMimeObject *o, bool first)
{
	if (!first)
		putchar(' ');
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	lower_print(ct ? g_mime_content_type_get_media_type(ct) : "text");
	putchar('/');
	lower_print(ct ? g_mime_content_type_get_media_subtype(ct) : "plain");
	if (GMIME_IS_MULTIPART(o)) {
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		putchar('[');
		for (int i = 0; i < g_mime_multipart_get_count(mp); i++)
			walk(g_mime_multipart_get_part(mp, i), false);
		putchar(']');
	} else if (GMIME_IS_MESSAGE_PART(o)) {
		GMimeMessage *m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
		putchar('[');
		if (m && g_mime_message_get_mime_part(m))
			walk(g_mime_message_get_mime_part(m), false);
		putchar(']');
	} else if (GMIME_IS_PART(o)) {
		GMimeDataWrapper *w = g_mime_part_get_content(GMIME_PART(o));
		GMimeStream *null = g_mime_stream_null_new();
		if (w)
			g_mime_data_wrapper_write_to_stream(w, null);
		printf("=%zu", GMIME_STREAM_NULL(null)->written);
		g_object_unref(null);
	}
}

int main(int argc, char **argv)
{
	g_mime_init();
	for (int i = 1; i < argc; i++) {
		GMimeStream *st = g_mime_stream_fs_open(argv[i], O_RDONLY, 0, NULL);
		if (st == NULL)
			continue;
		GMimeParser *p = g_mime_parser_new_with_stream(st);
		GMimeMessage *m = g_mime_parser_construct_message(p, NULL);
		const char *name = argv[i];
		if (strncmp(name, "./", 2) == 0)
			name += 2;
		printf("%s\t", name);
		if (m && g_mime_message_get_mime_part(m))
			walk(g_mime_message_get_mime_part(m), true);
		else
			printf("text/plain=0");
		putchar('\n');
		if (m)
			g_object_unref(m);
		g_object_unref(p);
		g_object_unref(st);
	}
	return 0;
}
