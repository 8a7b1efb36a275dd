// SPDX-License-Identifier: LGPL-2.1-or-later
/* cxlsim explore -j N (worker processes) and the progress line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "run_cmd.h"

/* Drop the lines that hold wall-clock figures (the rate line, JSON "seconds"). */
static void drop_clock_lines(char *s)
{
	run_cmd_drop_lines(s, "schedules run:", "\"seconds\"");
}

static void same_for_every_j(const char *args)
{
	char *one, *other, cmd[512];
	int j, rc1, rc;

	snprintf(cmd, sizeof(cmd), "explore %s -j 1", args);
	rc1 = run_tool(cmd, "2>/dev/null", &one);
	assert_true(rc1 == 0 || rc1 == 1);
	drop_clock_lines(one);
	for (j = 2; j <= 3; j++) {
		snprintf(cmd, sizeof(cmd), "explore %s -j %d", args, j);
		rc = run_tool(cmd, "2>/dev/null", &other);
		drop_clock_lines(other);
		if (rc != rc1 || strcmp(one, other)) {
			print_error("explore %s: -j 1 (exit %d) and -j %d (exit %d) differ:\n%s\n---\n%s\n",
				    args, rc1, j, rc, one, other);
			fail();
		}
		free(other);
	}
	free(one);
}

CXLSIM_TEST(explore_jobs_random_same_as_one_process)
{
	same_for_every_j("--topology minimal --kernel series --runs 300");
	same_for_every_j("--topology default --kernel base --runs 60 --end-state full");
}

CXLSIM_TEST(explore_jobs_pct_same_as_one_process)
{
	same_for_every_j("--topology minimal --strategy pct --runs 300");
	same_for_every_j("--topology default --strategy pct --runs 60");
}

/*
 * dfs: one search, its runs made by workers: the same schedules explored,
 * pruned, raced and bounded, and the same first schedules, as one process.
 */
CXLSIM_TEST(explore_jobs_dfs_same_as_one_process)
{
	same_for_every_j("--topology minimal --kernel series --strategy dfs --preemptions 1");
	same_for_every_j("--topology minimal --strategy dfs --reduction sleep --preemptions 1 "
			 "--max-schedules 800");
	same_for_every_j("--topology minimal --strategy dfs --preemptions 1 --exact-bound "
			 "--max-schedules 500");
	same_for_every_j("--topology minimal --strategy dfs --faults probe --preemptions 0");
	same_for_every_j("--topology default --kernel base --strategy dfs --preemptions 1 "
			 "--max-schedules 60 --end-state full");
	same_for_every_j("--topology minimal --strategy dfs --preemptions 1 --schedule AB "
			 "--check-determinism --json");
}

/*
 * dfs: a worker that reports after every run (or every third) instead of
 * after many hands in partial subtrees, their paths taken over by the
 * search, far more often: still the same search.
 */
CXLSIM_TEST(explore_jobs_dfs_partial_subtrees_same_as_one_process)
{
	setenv("CXLSIM_DFS_JOBS_CHUNK", "1", 1);
	same_for_every_j("--topology minimal --kernel series --strategy dfs --preemptions 1");
	same_for_every_j("--topology minimal --strategy dfs --preemptions 1 --exact-bound "
			 "--max-schedules 400");
	setenv("CXLSIM_DFS_JOBS_CHUNK", "3", 1);
	same_for_every_j("--topology minimal --strategy dfs --faults probe --preemptions 0");
	same_for_every_j("--topology minimal --kernel series --strategy dfs --max-schedules 900 "
			 "--end-state full --json");
	unsetenv("CXLSIM_DFS_JOBS_CHUNK");
}

/* A dfs checkpoint is the search's state: -j 2 saves what -j 1 saves, and resumes it alike. */
CXLSIM_TEST(explore_jobs_dfs_checkpoint_same_as_one_process)
{
	char tmpl[] = "/tmp/cxlsim-jobs-ckpt-XXXXXX", pa[64], pb[64], cmd[512];
	char *a, *b, *ca, *cb;
	int j;

	assert_non_null(mkdtemp(tmpl));
	snprintf(pa, sizeof(pa), "%s/one", tmpl);
	snprintf(pb, sizeof(pb), "%s/two", tmpl);
	for (j = 1; j <= 2; j++) {
		snprintf(cmd, sizeof(cmd), "explore --topology minimal --kernel series --strategy dfs "
			 "--preemptions 1 --max-schedules 700 --checkpoint %s -j %d", j == 1 ? pa : pb, j);
		assert_true(run_tool(cmd, "2>/dev/null", j == 1 ? &a : &b) <= 1);
		free(j == 1 ? a : b);
	}
	snprintf(cmd, sizeof(cmd), "cat %s", pa);
	assert_int_equal(run_cmd(cmd, NULL, &ca), 0);
	snprintf(cmd, sizeof(cmd), "cat %s", pb);
	assert_int_equal(run_cmd(cmd, NULL, &cb), 0);
	assert_true(strlen(ca) > 100);
	assert_string_equal(ca, cb);
	free(ca);
	free(cb);
	/* Resumed: -j 2 from -j 1's file and -j 1 from -j 2's go on alike. */
	for (j = 1; j <= 2; j++) {
		snprintf(cmd, sizeof(cmd), "explore --topology minimal --kernel series --strategy dfs "
			 "--preemptions 1 --max-schedules 900 --checkpoint %s -j %d", j == 1 ? pb : pa,
			 j);
		assert_true(run_tool(cmd, "2>/dev/null", j == 1 ? &a : &b) <= 1);
	}
	drop_clock_lines(a);
	drop_clock_lines(b);
	assert_string_equal(a, b);
	free(a);
	free(b);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpl);
	assert_int_equal(run_cmd(cmd, NULL, &a), 0);
	free(a);
}

static bool has_seconds_only_diff(char *a, char *b)
{
	/* JSON is pretty-printed one member per line: dropping "seconds" lines is enough. */
	drop_clock_lines(a);
	drop_clock_lines(b);
	return !strcmp(a, b);
}

CXLSIM_TEST(explore_jobs_json_same_as_one_process)
{
	char *a, *b;

	assert_int_equal(run_tool("explore --topology minimal --runs 200 --json -j 1", "2>/dev/null", &a) > 1,
			 0);
	assert_int_equal(run_tool("explore --topology minimal --runs 200 --json -j 3", "2>/dev/null", &b) > 1,
			 0);
	if (!has_seconds_only_diff(a, b)) {
		print_error("--json differs between -j 1 and -j 3:\n%s\n---\n%s\n", a, b);
		fail();
	}
	free(a);
	free(b);
}

CXLSIM_TEST(explore_jobs_a_dead_worker_makes_the_search_incomplete)
{
	char *out;

	setenv("CXLSIM_TEST_WORKER_ABORT", "1", 1);
	assert_int_equal(run_tool("explore --topology minimal --runs 2000 -j 2", "2>&1", &out), 3);
	unsetenv("CXLSIM_TEST_WORKER_ABORT");
	assert_non_null(strstr(out, "INCOMPLETE: worker 1 was killed by signal"));
	assert_non_null(strstr(out, "while it ran seeds "));
	assert_non_null(strstr(out, "the search is incomplete"));
	free(out);
	setenv("CXLSIM_TEST_WORKER_ABORT", "0", 1);
	assert_int_equal(run_tool("explore --topology minimal --strategy dfs --preemptions 1 -j 2",
			      "2>&1", &out), 3);
	unsetenv("CXLSIM_TEST_WORKER_ABORT");
	assert_non_null(strstr(out, "INCOMPLETE: worker 0 was killed by signal"));
	assert_non_null(strstr(out, "while it ran the dfs schedule that begins with "));
	assert_non_null(strstr(out, "space NOT exhausted"));
	free(out);
}

CXLSIM_TEST(explore_jobs_refuses_what_it_cannot_split)
{
	char *out;

	assert_int_equal(run_tool("explore --topology minimal --strategy dfs --shard 0/2 -j 2", "2>&1",
			      &out), 2);
	assert_non_null(strstr(out, "-j with a dfs --shard"));
	free(out);
	assert_int_equal(run_tool("explore --topology minimal -j -1", "2>&1", &out), 2);
	free(out);
	assert_int_equal(run_tool("explore --topology minimal --runs 5 --progress --quiet", "2>&1", &out),
			 2);
	free(out);
}

CXLSIM_TEST(explore_progress_lines_on_stderr_only)
{
	char *out;

	/*
	 * A search of over a second: --progress prints a line a second on standard
	 * error.  No shrinking: on default, under the sanitizers, it took minutes.
	 */
	assert_true(run_tool("explore --topology default --runs 1000000 --max-seconds 3 "
			 "--no-shrink --progress",
			 "2>&1 >/dev/null", &out) <= 1);
	if (!strstr(out, "explore: ") || !strstr(out, "/1000000 schedules, ") ||
	    !strstr(out, " violating, ") || !strstr(out, " left\n")) {
		print_error("no progress line on standard error:\n%s\n", out);
		fail();
	}
	free(out);
	/* --quiet: nothing on standard error. */
	assert_true(run_tool("explore --topology default --runs 1000000 --max-seconds 2 "
			 "--no-shrink --quiet",
			 "2>&1 >/dev/null", &out) <= 1);
	assert_string_equal(out, "");
	free(out);
	/* And standard output never sees it. */
	assert_true(run_tool("explore --topology default --runs 1000000 --max-seconds 2 "
			 "--no-shrink --progress -j 2",
			 "2>/dev/null", &out) <= 1);
	assert_null(strstr(out, "violating, "));
	free(out);
}
