/* cli/item.c: the shared JSON-lines item bracket (cli/item.h). */
#include <stdio.h>

#include "item.h"

void mp_cli_sink_stdout(void *ctx, const char *p, size_t n)
{
	(void)ctx;
	fwrite(p, 1, n, stdout);
}

void mp_cli_item_begin(mp_json *j, const char *type, uint64_t off)
{
	mp_json_init(j, mp_cli_sink_stdout, NULL);
	mp_json_obj_begin(j);
	mp_json_key(j, "type");
	mp_json_cstr(j, type);
	mp_json_key(j, "offset");
	mp_json_u64(j, off);
}

bool mp_cli_item_end(mp_json *j, mp_diags *d)
{
	bool bad = mp_diags_nonconforming(d);
	mp_json_diags(j, d, 0);
	if (d->dropped) {
		mp_json_key(j, "diags_dropped");
		mp_json_u64(j, d->dropped);
	}
	mp_json_obj_end(j);
	fputc('\n', stdout);
	mp_diags_clear(d);
	return bad;
}
