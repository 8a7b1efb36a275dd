// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A plain driver for the fuzz targets, for builds without a fuzzing engine
 * (gcc, the normal test build): runs LLVMFuzzerTestOneInput() once per
 * input.  Arguments are files or directories (each regular file in them, in
 * name order); without arguments the input is stdin.  A target that finds
 * something aborts, so the exit status says whether every input passed.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Inputs larger than this are cut: libFuzzer's own default is far below. */
#define INPUT_LIMIT (1u << 20)

static int run_stream(FILE *f, const char *name)
{
	uint8_t *buf = malloc(INPUT_LIMIT);
	size_t n;

	if (!buf) {
		fprintf(stderr, "%s: out of memory\n", name);
		return -ENOMEM;
	}
	n = fread(buf, 1, INPUT_LIMIT, f);
	if (ferror(f)) {
		fprintf(stderr, "%s: read error\n", name);
		free(buf);
		return -EIO;
	}
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	int ret;

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -errno;
	}
	ret = run_stream(f, path);
	fclose(f);
	return ret;
}

static int only_visible(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static int run_path(const char *path, unsigned long *count)
{
	struct dirent **names;
	struct stat st;
	int i, n, ret = 0;

	if (stat(path, &st)) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -errno;
	}
	if (!S_ISDIR(st.st_mode)) {
		ret = run_file(path);
		*count += !ret;
		return ret;
	}
	n = scandir(path, &names, only_visible, alphasort);
	if (n < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -errno;
	}
	for (i = 0; i < n; i++) {
		char *p;

		if (!ret && asprintf(&p, "%s/%s", path, names[i]->d_name) >= 0) {
			if (!stat(p, &st) && S_ISREG(st.st_mode)) {
				ret = run_file(p);
				*count += !ret;
			}
			free(p);
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

int main(int argc, char **argv)
{
	unsigned long count = 0;
	int i;

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf("usage: %s [FILE|DIR]...\n"
		       "Runs the fuzz target once per input file (stdin without arguments).\n",
		       argv[0]);
		return 0;
	}
	if (argc < 2)
		return run_stream(stdin, "stdin") ? 1 : 0;
	for (i = 1; i < argc; i++)
		if (run_path(argv[i], &count))
			return 1;
	printf("%lu inputs ran without a finding\n", count);
	return 0;
}
