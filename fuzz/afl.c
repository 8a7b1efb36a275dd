// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The AFL++ driver for the fuzz targets.  Built by afl-clang-fast it runs in
 * persistent mode with the test case in shared memory (__AFL_LOOP), the
 * fastest way AFL++ has; built by any other compiler, or given a file
 * argument, it runs one input (the file, else stdin) and so reproduces a
 * crash AFL++ saved.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

#define INPUT_LIMIT (1u << 20)

#ifdef __AFL_FUZZ_TESTCASE_LEN
__AFL_FUZZ_INIT();
#endif

static int run_once(FILE *f, const char *name)
{
	uint8_t *buf = malloc(INPUT_LIMIT);
	size_t n;

	if (!buf)
		return 1;
	n = fread(buf, 1, INPUT_LIMIT, f);
	if (ferror(f)) {
		fprintf(stderr, "%s: read error\n", name);
		free(buf);
		return 1;
	}
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	FILE *f;
	int ret;

	if (argc > 1) {
		f = fopen(argv[1], "rb");
		if (!f) {
			fprintf(stderr, "%s: %s\n", argv[1], strerror(errno));
			return 1;
		}
		ret = run_once(f, argv[1]);
		fclose(f);
		return ret;
	}
#ifdef __AFL_FUZZ_TESTCASE_LEN
#ifdef __AFL_HAVE_MANUAL_CONTROL
	/* Fork server starts here: the process set-up above is done once. */
	__AFL_INIT();
#endif
	{
		/* Must be read after __AFL_INIT(). */
		const uint8_t *buf = __AFL_FUZZ_TESTCASE_BUF;

		while (__AFL_LOOP(10000))
			LLVMFuzzerTestOneInput(buf, __AFL_FUZZ_TESTCASE_LEN);
	}
	return 0;
#else
	return run_once(stdin, "stdin");
#endif
}
