// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * explore --checkpoint for random and pct, with and without -j: a search
 * stopped and resumed with any number of workers ends with the summary of
 * one uninterrupted -j 1 search.
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
	run_cmd_drop_lines(s, "schedules run:", "\"seconds\"");
}

struct ckdir {
	char dir[64], a[96], b[96];
};

static void ck_init(struct ckdir *d)
{
	strcpy(d->dir, "/tmp/cxlsim-ckpt-XXXXXX");
	assert_non_null(mkdtemp(d->dir));
	snprintf(d->a, sizeof(d->a), "%s/a.json", d->dir);
	snprintf(d->b, sizeof(d->b), "%s/b.json", d->dir);
}

static void ck_fini(struct ckdir *d)
{
	unlink(d->a);
	unlink(d->b);
	rmdir(d->dir);
}

/* @got without its clock lines is @want's (which stays as it is). */
static void expect_same(const char *what, const char *want, char *got)
{
	char *w = strdup(want);

	assert_non_null(w);
	drop_clock_lines(w);
	drop_clock_lines(got);
	if (strcmp(w, got)) {
		print_error("%s differs from the uninterrupted -j 1 search:\n%s\n---\n%s\n", what,
			    w, got);
		free(w);
		fail();
	}
	free(w);
}

/*
 * @args stopped after @stop schedules with -j 2, then resumed from copies of
 * the checkpoint with -j 3 and with -j 1: both end as `@args -j 1` does.
 */
static void resume_same(const char *args, unsigned int stop)
{
	char cmd[1024], *full, *out, *part;
	struct ckdir d;
	int rc, rc1;

	ck_init(&d);
	snprintf(cmd, sizeof(cmd), "explore %s -j 1", args);
	rc1 = run_tool(cmd, "2>/dev/null", &full);
	assert_true(rc1 == 0 || rc1 == 1);

	snprintf(cmd, sizeof(cmd), "explore %s --checkpoint %s --max-schedules %u -j 2", args, d.a,
		 stop);
	rc = run_tool(cmd, "2>/dev/null", &part);
	assert_true(rc == 0 || rc == 1);
	/* Stopped: not the whole search yet. */
	if (!strstr(part, "stopped early: --max-schedules") &&
	    !strstr(part, "\"stopped_early\":true")) {
		print_error("not stopped early:\n%s\n", part);
		fail();
	}
	free(part);
	snprintf(cmd, sizeof(cmd), "cp %s %s", d.a, d.b);
	assert_int_equal(system(cmd), 0);

	snprintf(cmd, sizeof(cmd), "explore %s --checkpoint %s -j 3", args, d.a);
	assert_int_equal(run_tool(cmd, "2>/dev/null", &out), rc1);
	expect_same("resumed with -j 3", full, out);
	free(out);
	snprintf(cmd, sizeof(cmd), "explore %s --checkpoint %s -j 1", args, d.b);
	assert_int_equal(run_tool(cmd, "2>/dev/null", &out), rc1);
	expect_same("resumed with -j 1", full, out);
	free(out);

	/* A finished search's checkpoint: running it again prints the same summary. */
	snprintf(cmd, sizeof(cmd), "explore %s --checkpoint %s -j 2", args, d.b);
	assert_int_equal(run_tool(cmd, "2>/dev/null", &out), rc1);
	expect_same("run again after the end", full, out);
	free(out);
	free(full);
	ck_fini(&d);
}

CXLSIM_TEST(explore_checkpoint_random_resumes_with_any_j)
{
	/* Shrinking on minimal only: on default it would take most of the time under ASan. */
	resume_same("--topology minimal --kernel series --runs 400", 130);
	resume_same("--topology default --runs 60 --json --no-shrink", 23);
}

CXLSIM_TEST(explore_checkpoint_pct_resumes_with_any_j)
{
	resume_same("--topology minimal --strategy pct --runs 400 --no-shrink", 133);
	resume_same("--topology default --strategy pct --runs 60 --json --end-state full "
		    "--no-shrink", 19);
}

CXLSIM_TEST(explore_checkpoint_shard_resumes_with_any_j)
{
	resume_same("--topology minimal --runs 600 --shard 1/3 --json --no-shrink", 250);
}

CXLSIM_TEST(explore_checkpoint_keeps_what_a_dead_worker_left)
{
	char cmd[1024], *full, *out;
	struct ckdir d;
	const char *args = "--topology minimal --runs 1200 --no-shrink";
	int rc1;

	ck_init(&d);
	snprintf(cmd, sizeof(cmd), "explore %s -j 1", args);
	rc1 = run_tool(cmd, "2>/dev/null", &full);
	/* Worker 1 dies: the search is incomplete, its checkpoint the prefix before the loss. */
	setenv("CXLSIM_TEST_WORKER_ABORT", "1", 1);
	snprintf(cmd, sizeof(cmd), "explore %s --checkpoint %s -j 2", args, d.a);
	assert_int_equal(run_tool(cmd, "2>/dev/null", &out), 3);
	unsetenv("CXLSIM_TEST_WORKER_ABORT");
	assert_non_null(strstr(out, "INCOMPLETE: worker 1"));
	free(out);
	snprintf(cmd, sizeof(cmd), "explore %s --checkpoint %s -j 2", args, d.a);
	assert_int_equal(run_tool(cmd, "2>/dev/null", &out), rc1);
	expect_same("resumed after a dead worker", full, out);
	free(out);
	free(full);
	ck_fini(&d);
}

CXLSIM_TEST(explore_checkpoint_of_another_search_is_refused)
{
	char cmd[1024], *out;
	struct ckdir d;

	ck_init(&d);
	snprintf(cmd, sizeof(cmd), "explore --topology minimal --runs 50 --checkpoint %s", d.a);
	assert_int_equal(run_tool(cmd, "2>/dev/null", &out) > 1, 0);
	free(out);
	snprintf(cmd, sizeof(cmd), "explore --topology minimal --kernel series --runs 50 "
		 "--checkpoint %s", d.a);
	assert_int_equal(run_tool(cmd, "2>&1 >/dev/null", &out), 2);
	assert_non_null(strstr(out, "its \"kernel\" differs"));
	free(out);
	snprintf(cmd, sizeof(cmd), "explore --topology minimal --strategy pct --runs 50 "
		 "--checkpoint %s", d.a);
	assert_int_equal(run_tool(cmd, "2>&1 >/dev/null", &out), 2);
	assert_non_null(strstr(out, "its \"strategy\" differs"));
	free(out);
	/* It holds 50 seeds: a search of 20 cannot use it. */
	snprintf(cmd, sizeof(cmd), "explore --topology minimal --runs 20 --checkpoint %s", d.a);
	assert_int_equal(run_tool(cmd, "2>&1 >/dev/null", &out), 2);
	assert_non_null(strstr(out, "holds seeds 0..49"));
	free(out);
	/* A dfs search does not read it, nor random a dfs one. */
	snprintf(cmd, sizeof(cmd), "explore --model demo --strategy dfs --checkpoint %s", d.a);
	assert_int_equal(run_tool(cmd, "2>&1 >/dev/null", &out), 2);
	free(out);
	snprintf(cmd, sizeof(cmd), "explore --model demo --strategy dfs --max-schedules 3 "
		 "--checkpoint %s", d.b);
	assert_int_equal(run_tool(cmd, "2>/dev/null", &out) > 1, 0);
	free(out);
	snprintf(cmd, sizeof(cmd), "explore --model demo --runs 5 --checkpoint %s", d.b);
	assert_int_equal(run_tool(cmd, "2>&1 >/dev/null", &out), 2);
	assert_non_null(strstr(out, "not a random or pct checkpoint"));
	free(out);
	ck_fini(&d);
}
