// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cxlsim explore --strategy dfs, --shard and merge, --checkpoint, --then random, --faults,
 * --end-state.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

static int sh(const char *args, char **out)
{
	const char *tool = getenv("CXLSIM_TOOL");
	char cmd[2048];
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	FILE *p;
	int st;

	assert_non_null(tool);
	snprintf(cmd, sizeof(cmd), "%s %s 2>&1", tool, args);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (!feof(p)) {
		if (len + 1024 > cap)
			buf = realloc(buf, cap *= 2);
		len += fread(buf + len, 1, 1024, p);
	}
	buf[len] = '\0';
	st = pclose(p);
	*out = buf;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/*
 * Run the tool with printf-style arguments: it must exit with @rc and, unless
 * @needle is NULL, say @needle.
 */
static void expect(int rc, const char *needle, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void expect(int rc, const char *needle, const char *fmt, ...)
{
	char cmd[1024], *out;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	assert_int_equal(sh(cmd, &out), rc);
	if (needle && !strstr(out, needle)) {
		print_error("'%s' does not say '%s':\n%s\n", cmd, needle, out);
		fail();
	}
	free(out);
}

/* The number after @key in @out. */
static unsigned long long number_after(const char *out, const char *key)
{
	const char *p = strstr(out, key);

	assert_non_null(p);
	return strtoull(p + strlen(key), NULL, 10);
}

/* The schedule of the line `violation: PROPERTY schedule=S` in @out (malloc'd). */
static char *shown_schedule(const char *out, const char *property)
{
	char key[128];
	const char *p;

	snprintf(key, sizeof(key), "violation: %s schedule=", property);
	p = strstr(out, key);
	assert_non_null(p);
	p += strlen(key);
	return strndup(p, strcspn(p, "\n"));
}

CXLSIM_TEST(dfs_exhausts_minimal_series_within_one_preemption_finding_only_soft_reserve)
{
	static const char *const fixed[] = {
		"memdev-attached", "probe-sync-point", "accel-fallback", "devres-once",
		"no-uaf", "no-leak", "module-safety", "no-deadlock",
	};
	char *out, needle[64];
	size_t i;

	assert_int_equal(sh("explore --topology minimal --kernel series --strategy dfs "
			    "--preemptions 1 --no-shrink", &out), 1);
	assert_non_null(strstr(out, "space exhausted"));
	assert_non_null(strstr(out, "with source-DPOR and sleep sets"));
	/*
	 * Precise footprints keep it small: 10,152 schedules with the boot task
	 * and dax_hmem's waits outside driver-code (9,504 before the root
	 * port's dport was added on demand under the host-bridge port's lock,
	 * as the kernel does), 21,096 with them inside.
	 */
	assert_true(number_after(out, "space exhausted; ") <= 11000);
	/*
	 * The series fixes the memdev races; dax_hmem deciding while
	 * cxl_bus_rescan() is still on cxl_bus_wq is the kernel's own race,
	 * kept in the model (docs/properties.md).
	 */
	assert_non_null(strstr(out, "violation: soft-reserve"));
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		snprintf(needle, sizeof(needle), "violation: %s ", fixed[i]);
		assert_null(strstr(out, needle));
	}
	free(out);
}

CXLSIM_TEST(dfs_exact_bound_finds_what_the_fast_bounded_search_misses)
{
	char *fast, *exact, *err;

	/*
	 * Without preemptions, the fast search keeps orders that need one to
	 * reverse the soft-reserve race and finds nothing; the exact search
	 * covers every schedule without a preemption and finds it, and shows
	 * the memdev races fixed there.
	 */
	assert_int_equal(sh("explore --topology minimal --kernel series --strategy dfs "
			    "--preemptions 0 --no-shrink", &fast), 0);
	assert_int_equal(sh("explore --topology minimal --kernel series --strategy dfs "
			    "--preemptions 0 --exact-bound --no-shrink", &exact), 1);
	assert_non_null(strstr(fast, "space exhausted"));
	assert_non_null(strstr(exact, "space exhausted"));
	assert_non_null(strstr(exact, "exact within the bound"));
	assert_true(number_after(exact, "space exhausted; ") >
		    number_after(fast, "space exhausted; "));
	assert_null(strstr(fast, "violation:"));
	assert_non_null(strstr(exact, "violation: soft-reserve"));
	assert_null(strstr(exact, "violation: memdev-attached"));
	assert_null(strstr(exact, "violation: probe-sync-point"));
	assert_int_equal(sh("explore --model demo --strategy dfs --exact-bound", &err), 2);
	assert_non_null(strstr(err, "--exact-bound needs --preemptions"));
	free(fast);
	free(exact);
	free(err);
}

CXLSIM_TEST(dfs_on_base_finds_what_random_finds)
{
	char *dfs, *rnd;

	assert_int_equal(sh("explore --topology minimal --kernel base --strategy dfs "
			    "--preemptions 1 --no-shrink", &dfs), 1);
	assert_int_equal(sh("explore --topology minimal --kernel base --runs 2000 --no-shrink",
			    &rnd), 1);
	assert_non_null(strstr(dfs, "space exhausted"));
	/* Every property random violates, the exhaustive search violates too. */
	assert_non_null(strstr(rnd, "violation: memdev-attached"));
	assert_non_null(strstr(dfs, "violation: memdev-attached"));
	assert_non_null(strstr(rnd, "violation: probe-sync-point"));
	assert_non_null(strstr(dfs, "violation: probe-sync-point"));
	assert_non_null(strstr(rnd, "violation: soft-reserve"));
	assert_non_null(strstr(dfs, "violation: soft-reserve"));
	free(dfs);
	free(rnd);
}

CXLSIM_TEST(dfs_demo_exhausts_and_reduction_runs_fewer_schedules)
{
	char *plain, *red;
	unsigned long long np, nr;

	assert_int_equal(sh("explore --model demo --strategy dfs --preemptions 1 --reduction none",
			    &plain), 0);
	assert_int_equal(sh("explore --model demo --strategy dfs --preemptions 1", &red), 0);
	np = number_after(plain, "space exhausted; ");
	nr = number_after(red, "space exhausted; ");
	assert_true(nr < np);
	/* The same end states either way. */
	assert_non_null(strstr(plain, "distinct end states: 2"));
	assert_non_null(strstr(red, "distinct end states: 2"));
	free(plain);
	free(red);
}

CXLSIM_TEST(dfs_below_a_prefix_explores_its_subtree_only)
{
	char *whole, *a, *b;

	/* The first choice has two alternatives: the subtrees below A and B make the whole. */
	assert_int_equal(sh("explore --model demo --strategy dfs --preemptions 1 --reduction none",
			    &whole), 0);
	assert_int_equal(sh("explore --model demo --strategy dfs --preemptions 1 --reduction none "
			    "--schedule A", &a), 0);
	assert_int_equal(sh("explore --model demo --strategy dfs --preemptions 1 --reduction none "
			    "--schedule B", &b), 0);
	assert_non_null(strstr(a, "below A"));
	assert_non_null(strstr(a, "space exhausted"));
	assert_non_null(strstr(b, "space exhausted"));
	assert_true(number_after(a, "space exhausted; ") > 0);
	assert_true(number_after(b, "space exhausted; ") > 0);
	assert_int_equal(number_after(a, "space exhausted; ") +
				 number_after(b, "space exhausted; "),
			 number_after(whole, "space exhausted; "));
	free(whole);
	free(a);
	free(b);
	/* A prefix these inputs do not have, or that outlasts the run: exit 2, said why. */
	expect(2, "does not fit these inputs: choice 2 out of range",
	       "explore --model demo --strategy dfs --schedule C");
	expect(2, "before the prefix's",
	       "explore --model demo --strategy dfs --schedule BCAABCAB3A20");
	expect(2, "dfs explores every way on below --schedule S",
	       "explore --model demo --strategy dfs --schedule B --then random");
	expect(2, NULL, "explore --model demo --strategy pct --schedule B");
}

CXLSIM_TEST(shards_merge_into_the_whole_search)
{
	char tmpl[] = "/tmp/cxlsim-shard-XXXXXX", cmd[1024], *out;
	int i;

	assert_non_null(mkdtemp(tmpl));
	for (i = 0; i < 3; i++) {
		snprintf(cmd, sizeof(cmd), "explore --model demo --strategy dfs --preemptions 1 "
			 "--shard %d/3 --json > %s/s%d.json", i, tmpl, i);
		assert_int_equal(sh(cmd, &out), 0);
		free(out);
	}
	snprintf(cmd, sizeof(cmd), "merge %s/s0.json %s/s1.json %s/s2.json", tmpl, tmpl, tmpl);
	assert_int_equal(sh(cmd, &out), 0);
	assert_non_null(strstr(out, "merged 3 of 3 shards"));
	assert_non_null(strstr(out, "space exhausted"));
	assert_non_null(strstr(out, "distinct end states: 2"));
	free(out);
	/* One missing: not exhausted, said so. */
	snprintf(cmd, sizeof(cmd), "merge %s/s0.json %s/s2.json", tmpl, tmpl);
	assert_int_equal(sh(cmd, &out), 0);
	assert_non_null(strstr(out, "space NOT exhausted"));
	assert_non_null(strstr(out, "1 of 3 shards missing"));
	free(out);
	/* Twice the same shard, or garbage: exit 2 naming the file. */
	expect(2, "given twice", "merge %s/s0.json %s/s0.json", tmpl, tmpl);
	expect(2, "/nonexistent.json", "merge /nonexistent.json");
	/* A shard of a search with another bound is another search. */
	expect(0, NULL, "explore --model demo --strategy dfs --preemptions 1 "
	       "--exact-bound --shard 1/3 --json > %s/s3.json", tmpl);
	expect(2, "its dfs \"exact_bound\" differs", "merge %s/s0.json %s/s3.json", tmpl, tmpl);
	/* So is a shard of the search below a prefix. */
	expect(0, NULL, "explore --model demo --strategy dfs --preemptions 1 "
	       "--schedule B --shard 1/3 --json > %s/s3.json", tmpl);
	expect(2, "its dfs \"root\" differs", "merge %s/s0.json %s/s3.json", tmpl, tmpl);
	for (i = 0; i < 4; i++) {
		snprintf(cmd, sizeof(cmd), "%s/s%d.json", tmpl, i);
		unlink(cmd);
	}
	rmdir(tmpl);
}

CXLSIM_TEST(random_shards_split_the_seeds)
{
	char *a, *b;

	assert_int_equal(sh("explore --model demo --runs 10 --shard 0/2", &a), 0);
	assert_int_equal(sh("explore --model demo --runs 10 --shard 1/2", &b), 0);
	assert_int_equal(number_after(a, "schedules run: "), 5);
	assert_int_equal(number_after(b, "schedules run: "), 5);
	free(a);
	free(b);
}

CXLSIM_TEST(dfs_checkpoint_resumes_an_interrupted_search)
{
	char path[] = "/tmp/cxlsim-ckpt-XXXXXX", cmd[1024], *whole, *first, *rest;
	int fd = mkstemp(path);
	unsigned long long all, a, b;
	FILE *f;

	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	assert_int_equal(sh("explore --model demo --strategy dfs --preemptions 1", &whole), 0);
	all = number_after(whole, "space exhausted; ");
	snprintf(cmd, sizeof(cmd), "explore --model demo --strategy dfs --preemptions 1 "
		 "--max-schedules 5 --checkpoint %s", path);
	assert_int_equal(sh(cmd, &first), 0);
	assert_non_null(strstr(first, "stopped early: --max-schedules reached"));
	a = number_after(first, "schedules run: ");
	snprintf(cmd, sizeof(cmd), "explore --model demo --strategy dfs --preemptions 1 "
		 "--checkpoint %s", path);
	assert_int_equal(sh(cmd, &rest), 0);
	assert_non_null(strstr(rest, "space exhausted"));
	b = number_after(rest, "schedules run: ");
	assert_int_equal(a + b, all);
	/* The same file with other options is refused. */
	snprintf(cmd, sizeof(cmd), "explore --model demo --strategy dfs --checkpoint %s", path);
	free(first);
	assert_int_equal(sh(cmd, &first), 2);
	assert_non_null(strstr(first, "saved with other --shard, --preemptions"));
	free(first);
	/* A checkpoint of another format: another version's search. */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("cxlsim-dfs-checkpoint 3\nopts 1 1 1 0 1 8\n", f);
	fclose(f);
	assert_int_equal(sh(cmd, &first), 2);
	assert_non_null(strstr(first, "saved by another version of cxlsim"));
	unlink(path);
	free(whole);
	free(first);
	free(rest);
}

CXLSIM_TEST(replay_then_random_continues_past_the_prefix)
{
	char *a, *b, *c;

	assert_int_equal(sh("replay --model demo --schedule BA --then random --seed 3 --trace none",
			    &a), 0);
	assert_int_equal(sh("replay --model demo --schedule BA --then random --seed 3 --trace none",
			    &b), 0);
	assert_string_equal(a, b);
	/* The printed schedule starts with the prefix and goes on. */
	assert_non_null(strstr(a, "schedule: BA"));
	assert_int_equal(sh("explore --model demo --schedule BA --then random --runs 50", &c), 0);
	assert_non_null(strstr(c, "schedules run: 50"));
	free(a);
	free(b);
	free(c);
}

CXLSIM_TEST(faults_are_choices_that_replay)
{
	char *out, *again, cmd[4096], *sched;
	const char *p;
	size_t n;

	/* Under faults the driver core and the model unwind without crashing. */
	assert_true(sh("explore --faults alloc,probe,defer --runs 200 --no-shrink", &out) <= 1);
	assert_non_null(strstr(out, "schedules run: 200"));
	free(out);
	assert_true(sh("run --faults alloc,probe,defer --seed 11", &out) <= 1);
	assert_non_null(strstr(out, "fault"));
	p = strstr(out, "schedule: ");
	assert_non_null(p);
	p += strlen("schedule: ");
	n = strcspn(p, "\n");
	sched = strndup(p, n);
	snprintf(cmd, sizeof(cmd), "replay --faults alloc,probe,defer --schedule %s", sched);
	assert_true(sh(cmd, &again) <= 1);
	assert_string_equal(out, again);
	free(sched);
	free(out);
	free(again);
}

/*
 * A finding of --faults alloc, in the kernel's code as in the model:
 * cxl_mem_probe() holds the parent port's lock around
 * devm_cxl_add_endpoint(); when cxl_endpoint_autoremove()'s devm
 * registration fails, devm_add_action_or_reset() runs delete_endpoint() at
 * once, and it takes that same lock.  Without faults: no deadlock.
 */
CXLSIM_TEST(failed_endpoint_autoremove_registration_deadlocks_on_the_parent_lock)
{
	char *out, *trace, cmd[4096], *sched;

	assert_int_equal(sh("explore --topology minimal --kernel series --faults alloc "
			    "--property no-deadlock --runs 300 --no-shrink", &out), 1);
	sched = shown_schedule(out, "no-deadlock");
	snprintf(cmd, sizeof(cmd),
		 "replay --topology minimal --kernel series --faults alloc --schedule %s", sched);
	assert_int_equal(sh(cmd, &trace), 1);
	assert_non_null(strstr(trace, "which it already holds"));
	/* The failed allocation is the devres entry for delete_endpoint, just before. */
	assert_non_null(strstr(trace, "fault devres injected"));
	free(sched);
	free(trace);
	free(out);
	expect(0, NULL, "explore --topology minimal --kernel series --property no-deadlock "
	       "--runs 300 --no-shrink");
}

/*
 * The series as merged (29317f8d): a Type-2 attach that fails unregisters
 * memN while cxl_memdev_autoremove() holds memN's device lock, and
 * device_del() takes it again.  The replay shows both acquisitions.  With
 * 318c58852e68 (autoremove-deadlock-fix) no schedule deadlocks.
 */
CXLSIM_TEST(accel_attach_failure_self_deadlocks_on_the_memdev_lock_until_fixed)
{
	char *out, *trace, cmd[4096], *sched;
	const char *del, *again;

	assert_int_equal(sh("explore --topology accel --workload accel --kernel series --runs 50",
			    &out), 1);
	assert_non_null(strstr(out, "no-deadlock        50"));
	sched = shown_schedule(out, "no-deadlock");
	snprintf(cmd, sizeof(cmd),
		 "replay --topology accel --workload accel --kernel series --schedule %s", sched);
	assert_int_equal(sh(cmd, &trace), 1);
	/* memN locked, then device_del() of it locks it again in the same task. */
	del = strstr(trace, ": device-del mem");
	assert_non_null(del);
	again = strstr(del, ": lock mem");
	assert_non_null(again);
	assert_non_null(strstr(again, "which it already holds"));
	free(sched);
	free(trace);
	free(out);
	expect(0, "no-deadlock        0", "explore --topology accel --workload accel --kernel "
	       "series+autoremove-deadlock-fix --runs 2000");
}

CXLSIM_TEST(explore_rejects_options_of_other_strategies)
{
	char *out;

	expect(2, NULL, "explore --preemptions 2");
	expect(2, NULL, "explore --strategy dfs --runs 5");
	expect(2, NULL, "explore --shard 3/3");
	expect(2, "bogus", "explore --faults alloc,bogus");
	expect(2, NULL, "explore --strategy dfs --reduction maybe");
	expect(2, NULL, "run --then random");
	/* A checkpoint that cannot be written is refused before the search starts. */
	assert_int_equal(sh("explore --strategy dfs --topology minimal --checkpoint "
			    "/nonexistent/dir/ck", &out), 2);
	assert_non_null(strstr(out, "cannot save /nonexistent/dir/ck"));
	assert_null(strstr(out, "schedules run"));
	free(out);
}

CXLSIM_TEST(shrunk_schedule_is_at_most_half_and_replays_the_violation)
{
	char *out, *again, cmd[8192], *sched;
	unsigned long long before;

	/* Seed 64 is the first of the default boot under base to miss the sync point. */
	assert_int_equal(sh("explore --seed 64 --runs 1 --property probe-sync-point", &out), 1);
	before = number_after(out, "preemptions or faults, ");
	sched = shown_schedule(out, "probe-sync-point");
	/* The string a user pastes is at most half as long as the one first found. */
	assert_true(strlen(sched) * 2 <= before);
	snprintf(cmd, sizeof(cmd), "replay --trace none --property probe-sync-point %s", sched);
	assert_int_equal(sh(cmd, &again), 1);
	assert_non_null(strstr(again, "violation: probe-sync-point"));
	free(sched);
	free(out);
	free(again);
}

/*
 * Shrinking spends at most a fixed number of replays, so a violation on a
 * large topology is printed in bounded time; what it prints still replays.
 */
CXLSIM_TEST(shrinking_stops_at_its_replay_budget_and_still_replays)
{
	char *out, *again, cmd[16384], *sched;

	assert_int_equal(sh("explore --topology gen:32 --seed 4 --runs 20 --strategy pct "
			    "--property probe-sync-point", &out), 1);
	assert_non_null(strstr(out, "(25001 replays, the most it may take)"));
	sched = shown_schedule(out, "probe-sync-point");
	snprintf(cmd, sizeof(cmd),
		 "replay --topology gen:32 --trace none --property probe-sync-point %s", sched);
	assert_int_equal(sh(cmd, &again), 1);
	assert_non_null(strstr(again, "violation: probe-sync-point"));
	free(sched);
	free(out);
	free(again);
}

/*
 * find_cxl_port() walks the cxl bus while footprints are recorded (dfs) and
 * asks its dport index otherwise (random, replay): replaying what dfs ran,
 * on a topology with switches, must give the same trace event for event.
 */
CXLSIM_TEST(dfs_schedules_replay_the_same_without_footprints)
{
	char *out;

	assert_true(sh("explore --strategy dfs --topology gen:16 --max-schedules 50 "
		       "--check-determinism --no-shrink", &out) <= 1);
	assert_non_null(strstr(out, "schedules run: 50 "));
	assert_non_null(strstr(out, "determinism: 0 of 50 schedules replayed differently"));
	free(out);
}

/*
 * The end-state labels of a text summary, the lines after "distinct end
 * states: N" (malloc'd, as many as N), each checked to hold every one of @must.
 */
static char **end_states(const char *out, const char *const *must, size_t nr_must)
{
	const char *p = strstr(out, "distinct end states: ");
	size_t n = number_after(out, "distinct end states: "), k, i;
	char **v = calloc(n + 1, sizeof(*v));

	assert_non_null(p);
	p = strchr(p, '\n') + 1;
	for (k = 0; k < n; k++, p = strchr(p, '\n') + 1) {
		assert_int_equal(strncmp(p, "  ", 2), 0);
		p += strspn(p, " 0123456789");
		v[k] = strndup(p, strcspn(p, "\n"));
		for (i = 0; i < nr_must; i++)
			if (!strstr(v[k], must[i]))
				fail_msg("end state without '%s': %s", must[i], v[k]);
	}
	assert_int_not_equal(strncmp(p, "  ", 2), 0);
	return v;
}

static void free_end_states(char **v)
{
	size_t i;

	for (i = 0; v[i]; i++)
		free(v[i]);
	free(v);
}

/* Replace each @from in @str by @to, which is no longer. */
static void replace_all(char *str, const char *from, const char *to)
{
	size_t lf = strlen(from), lt = strlen(to);
	char *p;

	assert_true(lt <= lf);
	while ((p = strstr(str, from))) {
		memcpy(p, to, lt);
		memmove(p + lt, p + lf, strlen(p + lf) + 1);
	}
}

CXLSIM_TEST(end_state_full_counts_the_demo_dfs_as_short_does)
{
	static const char *const must[] = {
		"core probe_count=0 ",
		"; bus demo drivers=child,parent; ",
		"; dev child0 bus=demo parent=parent0 driver=child state=registered ",
		"; dev parent0 bus=demo parent=- driver=parent state=registered refs=2 devres=1 ",
		"; module child_drv state=live refcnt=0; module parent_drv state=live refcnt=0; ",
		"; demo child0=bound-",
	};
	char *shrt, *full, **states;

	/*
	 * Whichever way the autoload race goes, the driver core ends the same:
	 * both drivers bound, both modules live.  Only where child0 bound
	 * differs, the demo's own state, as its short outcome says.
	 */
	assert_int_equal(sh("explore --model demo --strategy dfs --preemptions 1", &shrt), 0);
	assert_int_equal(sh("explore --model demo --strategy dfs --preemptions 1 --end-state full",
			    &full), 0);
	assert_non_null(strstr(shrt, "distinct end states: 2"));
	assert_non_null(strstr(full, "distinct end states: 2"));
	states = end_states(full, must, sizeof(must) / sizeof(must[0]));
	assert_non_null(strstr(full, "; demo child0=bound-in-parent-probe\n"));
	assert_non_null(strstr(full, "; demo child0=bound-after-parent-probe\n"));
	free_end_states(states);
	free(shrt);
	free(full);
}

CXLSIM_TEST(end_state_full_tells_apart_who_owns_the_soft_reserved_range)
{
	static const char *const must[] = {
		"core probe_count=0 ",
		"; dev mem0 bus=cxl parent=0000:02:00.0 driver=cxl_mem state=registered ",
		"; dev endpoint2 bus=cxl parent=port1 driver=cxl_port ",
		"; module cxl_core state=live ",
		"; cxl hmem_decided=1 ",
		"; range 0 ways=1 attached=0x1 region=assembled owner=",
		"; memdev mem0 endpoint=endpoint2",
	};
	char *shrt, *full, **states;
	size_t i;

	/*
	 * Under base, every run ends with mem0 bound, which is all the short
	 * outcome says; the soft-reserve race decides whether dax_hmem took
	 * the range a CXL region also has, and whether cxl_bus_rescan was
	 * still queued when it did.
	 */
	assert_int_equal(sh("explore --topology minimal --kernel base --runs 200 --no-shrink",
			    &shrt), 1);
	assert_int_equal(sh("explore --topology minimal --kernel base --runs 200 --no-shrink "
			    "--end-state full", &full), 1);
	assert_int_equal(number_after(shrt, "distinct end states: "), 1);
	assert_true(number_after(full, "distinct end states: ") > 1);
	states = end_states(full, must, sizeof(must) / sizeof(must[0]));
	assert_non_null(strstr(full, " owner=both; "));
	assert_non_null(strstr(full, " owner=cxl; "));
	/*
	 * And nothing else: in whatever order modules loaded and devices
	 * probed, the rest reads the same (it does not when the records are
	 * left in list order: 10 end states instead of 4).
	 */
	for (i = 0; states[i]; i++) {
		replace_all(states[i], "owner=both", "owner=cxl");
		replace_all(states[i], "rescan_outstanding=1", "rescan_outstanding=0");
		assert_string_equal(states[i], states[0]);
	}
	free_end_states(states);
	free(shrt);
	free(full);
}

CXLSIM_TEST(end_state_full_is_the_same_every_time)
{
	static const char cmd[] = "explore --workload accel+teardown --runs 40 --no-shrink "
				  "--end-state full --json";
	char *a, *b;

	/* Accelerators, teardown, memdev numbers handed out in probe order. */
	assert_int_equal(sh(cmd, &a), 1);
	assert_int_equal(sh(cmd, &b), 1);
	assert_string_equal(a, b);
	assert_non_null(strstr(a, "\"end_state\":\"full\""));
	assert_non_null(strstr(a, "; accel 0000:"));
	free(a);
	free(b);
}

CXLSIM_TEST(end_state_is_short_or_full_and_only_for_explore)
{
	expect(2, "--end-state is 'short' or 'full', not 'long'",
	       "explore --model demo --runs 1 --end-state long");
	expect(2, "--end-state belongs to explore", "run --model demo --end-state full");
	expect(0, "\"end_state\":\"short\"", "explore --model demo --runs 1 --json");
}

CXLSIM_TEST(merge_refuses_shards_that_counted_end_states_another_way)
{
	char tmpl[] = "/tmp/cxlsim-endstate-XXXXXX", cmd[1024], *out;
	static const char *const files[] = { "s0", "s1", "f1", "old0" };
	size_t i;

	assert_non_null(mkdtemp(tmpl));
	for (i = 0; i < 2; i++) {
		snprintf(cmd, sizeof(cmd), "explore --model demo --strategy dfs --preemptions 1 "
			 "--shard %zu/2 --json > %s/s%zu.json", i, tmpl, i);
		assert_int_equal(sh(cmd, &out), 0);
		free(out);
	}
	expect(0, NULL, "explore --model demo --strategy dfs --preemptions 1 "
	       "--shard 1/2 --end-state full --json > %s/f1.json", tmpl);
	expect(2, "f1.json: another search: its \"end_state\" differs",
	       "merge %s/s0.json %s/f1.json", tmpl, tmpl);
	/* A summary from before --end-state counted the short way. */
	snprintf(cmd, sizeof(cmd), "grep -v '\"end_state\"' %s/s0.json > %s/old0.json", tmpl,
		 tmpl);
	assert_int_equal(system(cmd), 0);
	expect(0, "merged 2 of 2 shards", "merge %s/old0.json %s/s1.json", tmpl, tmpl);
	expect(2, NULL, "merge %s/old0.json %s/f1.json", tmpl, tmpl);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(cmd, sizeof(cmd), "%s/%s.json", tmpl, files[i]);
		unlink(cmd);
	}
	rmdir(tmpl);
}
