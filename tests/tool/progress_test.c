// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The progress line of cxlsim stress and cxlsim merge: on standard error
 * only, with --progress also off a terminal, never with --quiet.
 * CXLSIM_TEST_PROGRESS_NOW makes the first line due at once, so a short
 * command shows one whatever the machine's speed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "run_cmd.h"

/* Drop the lines that hold wall-clock figures (the rate line, JSON "seconds"). */
static void drop_clock_lines(char *s)
{
	run_cmd_drop_lines(s, "iterations run:", "\"seconds\"");
}

static void expect_line(const char *out, const char *cmd, const char *what)
{
	if (!strstr(out, cmd) || !strstr(out, what) || !strstr(out, "/s, ") ||
	    !strstr(out, " elapsed")) {
		print_error("no %s progress line (%s) on standard error:\n%s\n", cmd, what, out);
		fail();
	}
}

CXLSIM_TEST(stress_progress_lines_on_stderr_only)
{
	const char *args = "stress --topology minimal --iterations 40 --threads 2";
	char cmd[256], *plain, *out;
	int rc;

	rc = run_tool(args, "2>/dev/null", &plain);
	assert_true(rc == 0 || rc == 1);
	drop_clock_lines(plain);
	assert_non_null(strstr(plain, "seeds: 0..39\n"));

	setenv("CXLSIM_TEST_PROGRESS_NOW", "1", 1);
	snprintf(cmd, sizeof(cmd), "%s --progress", args);
	assert_int_equal(run_tool(cmd, "2>&1 >/dev/null", &out), rc);
	expect_line(out, "stress: ", "/40 iterations, ");
	assert_non_null(strstr(out, " violating, "));
	assert_non_null(strstr(out, "\n"));
	free(out);

	/*
	 * Standard output never sees the line.  The OS picks the interleavings,
	 * so the counts differ from run to run: compare the header only.
	 */
	assert_int_equal(run_tool(cmd, "2>/dev/null", &out), rc);
	drop_clock_lines(out);
	assert_null(strstr(out, "iterations, "));
	assert_null(strstr(out, " elapsed"));
	assert_memory_equal(out, plain, strcspn(plain, "\n") + 1);
	free(out);

	/* --quiet: nothing on standard error, even with the line due at once. */
	snprintf(cmd, sizeof(cmd), "%s --quiet", args);
	assert_int_equal(run_tool(cmd, "2>&1 >/dev/null", &out), rc);
	assert_string_equal(out, "");
	free(out);
	unsetenv("CXLSIM_TEST_PROGRESS_NOW");
	free(plain);
}

CXLSIM_TEST(merge_progress_lines_on_stderr_only)
{
	char dir[] = "/tmp/cxlsim-progress-XXXXXX", cmd[1024], files[512] = "", *out, *plain;
	int i, rc;

	assert_non_null(mkdtemp(dir));
	for (i = 0; i < 3; i++) {
		char f[128];

		snprintf(f, sizeof(f), "%s/shard%d.json", dir, i);
		snprintf(cmd, sizeof(cmd), "explore --topology minimal --runs 90 --shard %d/3 "
			 "--json --no-shrink >%s", i, f);
		rc = run_tool(cmd, "2>/dev/null", &out);
		free(out);
		assert_true(rc == 0 || rc == 1);
		strcat(files, " ");
		strcat(files, f);
	}
	snprintf(cmd, sizeof(cmd), "merge --json%s", files);
	rc = run_tool(cmd, "2>/dev/null", &plain);
	assert_true(rc == 0 || rc == 1);

	setenv("CXLSIM_TEST_PROGRESS_NOW", "1", 1);
	snprintf(cmd, sizeof(cmd), "merge --json --progress%s", files);
	assert_int_equal(run_tool(cmd, "2>&1 >/dev/null", &out), rc);
	expect_line(out, "merge: ", "/3 files, ");
	assert_non_null(strstr(out, " violations, "));
	free(out);
	assert_int_equal(run_tool(cmd, "2>/dev/null", &out), rc);
	assert_string_equal(out, plain);
	free(out);
	snprintf(cmd, sizeof(cmd), "merge --quiet --json%s", files);
	assert_int_equal(run_tool(cmd, "2>&1 >/dev/null", &out), rc);
	assert_string_equal(out, "");
	free(out);
	unsetenv("CXLSIM_TEST_PROGRESS_NOW");
	free(plain);

	for (i = 0; i < 3; i++) {
		char f[128];

		snprintf(f, sizeof(f), "%s/shard%d.json", dir, i);
		unlink(f);
	}
	rmdir(dir);
}
