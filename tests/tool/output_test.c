// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Output that cannot be written is reported, never lost: every command with
 * standard output on a full disk (/dev/full) or closed (`>&-`), and every file
 * option pointed at a full disk, exits 2 with one `cxlsim: write error:` line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "run_cmd.h"

#define FULL "cxlsim: write error: No space left on device\n"
#define CLOSED "cxlsim: write error: Bad file descriptor\n"

/* `cxlsim ARGS REDIRECT` (run by sh, standard input empty): exit 2 and only @want on stderr. */
static void expect(const char *args, const char *redirect, const char *want)
{
	char *cmd, *out;
	int rc;

	assert_int_not_equal(asprintf(&cmd, "%s %s %s", getenv("CXLSIM_TOOL"), args, redirect), -1);
	rc = run_cmd(cmd, NULL, &out);
	if (rc != 2 || strcmp(out, want))
		print_error("`cxlsim %s %s` exited %d, printing:\n%s", args, redirect, rc, out);
	assert_int_equal(rc, 2);
	assert_string_equal(out, want);
	free(out);
	free(cmd);
}

/* Standard output full, then closed. */
static void expect_stdout(const char *args)
{
	expect(args, ">/dev/full", FULL);
	expect(args, ">&-", CLOSED);
}

CXLSIM_TEST(output_run)
{
	expect_stdout("run --seed 1");
	expect_stdout("run --model demo --seed 1 --trace none");
}

CXLSIM_TEST(output_replay)
{
	expect_stdout("replay --topology minimal --kernel series -");
}

CXLSIM_TEST(output_explore_text)
{
	expect_stdout("explore --topology minimal --kernel series --runs 3");
}

CXLSIM_TEST(output_explore_json)
{
	expect_stdout("explore --topology minimal --kernel series --runs 3 --json");
}

CXLSIM_TEST(output_explore_dfs)
{
	expect_stdout("explore --model demo --strategy dfs --max-schedules 20");
}

CXLSIM_TEST(output_list)
{
	expect_stdout("list --topology minimal --kernel series");
}

CXLSIM_TEST(output_variants)
{
	expect_stdout("variants");
}

CXLSIM_TEST(output_models)
{
	expect_stdout("models");
}

CXLSIM_TEST(output_merge)
{
	char *cmd, *out, dir[] = "/tmp/cxlsim-merge-XXXXXX", *args;

	assert_non_null(mkdtemp(dir));
	assert_int_not_equal(asprintf(&cmd,
				      "t=%s; for i in 0 1; do %s explore --topology minimal "
				      "--kernel series --runs 4 --shard $i/2 --json >%s/$i.json "
				      "|| exit 9; done",
				      dir, getenv("CXLSIM_TOOL"), dir),
			     -1);
	assert_int_equal(run_cmd(cmd, NULL, &out), 0);
	assert_int_not_equal(asprintf(&args, "merge %s/0.json %s/1.json", dir, dir), -1);
	expect_stdout(args);
	free(args);
	assert_int_not_equal(asprintf(&args, "merge --json %s/0.json %s/1.json", dir, dir), -1);
	expect_stdout(args);
	free(args);
	free(out);
	free(cmd);
	assert_int_not_equal(asprintf(&cmd, "rm -rf %s", dir), -1);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

CXLSIM_TEST(output_diff_models)
{
	char *out;

	run_cmd("\"$CXLSIM_TOOL\" models", NULL, &out);
	if (!strstr(out, "linux")) {
		free(out);
		skip();
	}
	free(out);
	expect_stdout("diff-models --kernel series --topology minimal --runs 2");
}

CXLSIM_TEST(output_stress)
{
	expect_stdout("stress --model demo --iterations 2 --threads 1");
}

CXLSIM_TEST(output_demo)
{
	expect_stdout("demo");
}

CXLSIM_TEST(output_help_and_version)
{
	expect_stdout("--help");
	expect_stdout("--version");
	expect_stdout("run --help");
	expect_stdout("explore --help");
	expect_stdout("list --help");
	expect_stdout("merge --help");
	expect_stdout("demo --help");
	expect_stdout("models --help");
}

CXLSIM_TEST(output_shell)
{
	expect_stdout("shell --topology minimal");
}

/* --trace jsonl FILE, --timeline FILE, --dot FILE: the file named, the reason given. */
CXLSIM_TEST(output_files_full)
{
	static const char *const opts[] = { "--trace jsonl", "--timeline", "--dot" };
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		char *args;

		assert_int_not_equal(asprintf(&args, "run --model demo %s /dev/full", opts[i]), -1);
		expect(args, ">/dev/null",
		       "cxlsim: write error: /dev/full: No space left on device\n");
		free(args);
		assert_int_not_equal(asprintf(&args, "replay --model demo %s /dev/full -", opts[i]),
				     -1);
		expect(args, ">/dev/null",
		       "cxlsim: write error: /dev/full: No space left on device\n");
		free(args);
	}
	/* To standard output ('-'), the trace fails as standard output does. */
	{
		char *out;
		size_t n;

		assert_int_equal(run_cmd("\"$CXLSIM_TOOL\" run --model demo --trace jsonl - "
					 ">/dev/full",
					 NULL, &out),
				 2);
		n = strlen(out);
		assert_true(n >= strlen(FULL));
		assert_string_equal(out + n - strlen(FULL), FULL);
		free(out);
	}
}

/*
 * The dfs checkpoint saved at the end of a search: a file that cannot grow
 * (ulimit -f) was "cannot save" and exit 0 before, the search state lost.
 */
CXLSIM_TEST(output_checkpoint_full)
{
	char *cmd, *out, path[] = "/tmp/cxlsim-ck-XXXXXX", *want;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	assert_int_not_equal(asprintf(&cmd,
				      "trap '' XFSZ; ulimit -f 1; exec %s explore "
				      "--topology minimal --strategy dfs --max-schedules 50 "
				      "--checkpoint %s >/dev/null",
				      getenv("CXLSIM_TOOL"), path),
			     -1);
	assert_int_equal(run_cmd(cmd, NULL, &out), 2);
	assert_int_not_equal(asprintf(&want, "cxlsim: write error: %s: File too large\n", path),
			     -1);
	assert_string_equal(out, want);
	free(want);
	free(out);
	free(cmd);
	unlink(path);
	assert_int_not_equal(asprintf(&cmd, "rm -f %s.tmp", path), -1);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}
