// SPDX-License-Identifier: LGPL-2.1-or-later
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "run_cmd.h"

char *run_cmd_temp(const char *text)
{
	char *name = strdup("/tmp/cxlsim-test-XXXXXX");
	int fd = mkstemp(name);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return name;
}

int run_cmd(const char *cmd, const char *input, char **out)
{
	char *in = run_cmd_temp(input ? input : ""), *full, chunk[4096];
	size_t len = 0, n;
	FILE *p, *mem = open_memstream(out, &len);
	int st;

	assert_non_null(mem);
	assert_int_not_equal(asprintf(&full, "( %s ) < %s 2>&1", cmd, in), -1);
	p = popen(full, "r");
	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		fwrite(chunk, 1, n, mem);
	st = pclose(p);
	fclose(mem);
	unlink(in);
	free(in);
	free(full);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
