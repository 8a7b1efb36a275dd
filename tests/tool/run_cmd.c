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

int run_tool(const char *args, const char *err, char **out)
{
	const char *t = getenv("CXLSIM_TOOL");
	char *cmd;
	int rc;

	assert_non_null(t);
	assert_int_not_equal(asprintf(&cmd, "%s %s %s", t, args, err), -1);
	rc = run_cmd(cmd, NULL, out);
	free(cmd);
	return rc;
}

void run_cmd_drop_lines(char *s, const char *mark, const char *mark2)
{
	char *r = s, *w = s;

	while (*r) {
		char *nl = strchr(r, '\n');
		size_t len = nl ? (size_t)(nl - r + 1) : strlen(r);
		char *a = strstr(r, mark), *b = mark2 ? strstr(r, mark2) : NULL;

		if (!((a && a < r + len) || (b && b < r + len))) {
			memmove(w, r, len);
			w += len;
		}
		r += len;
	}
	*w = '\0';
}
