/* fuzz/standalone.c: a main() that runs a fuzz target over files, for
 * builds without a fuzzing engine (replaying corpora under valgrind or a
 * debugger). Usage: target FILE... */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (f == NULL) {
			perror(argv[i]);
			return 1;
		}
		size_t cap = 1 << 20, n = 0;
		uint8_t *buf = malloc(cap);
		if (buf == NULL)
			return 1;
		n = fread(buf, 1, cap, f);
		fclose(f);
		/* an exact-size copy so that overreads are caught */
		uint8_t *exact = malloc(n ? n : 1);
		if (exact == NULL)
			return 1;
		for (size_t k = 0; k < n; k++)
			exact[k] = buf[k];
		free(buf);
		LLVMFuzzerTestOneInput(exact, n);
		free(exact);
	}
	return 0;
}
