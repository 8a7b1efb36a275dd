// SPDX-License-Identifier: LGPL-2.1-or-later
/* The cxlsim command as a user runs it: determinism, replay, exit codes, the demo race. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "harness.h"

/* Run `cxlsim ARGS`; returns the exit status and the output in a malloc'd string. */
static int cxlsim(const char *args, char **out)
{
	const char *tool = getenv("CXLSIM_TOOL");
	char cmd[1024];
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

static char *line_value(const char *out, const char *key)
{
	const char *p = strstr(out, key);
	size_t n;
	char *v;

	assert_non_null(p);
	p += strlen(key);
	n = strcspn(p, "\n");
	v = malloc(n + 1);
	memcpy(v, p, n);
	v[n] = '\0';
	return v;
}

CXLSIM_TEST(run_same_seed_is_byte_identical)
{
	char *a, *b;

	assert_int_equal(cxlsim("run --model demo --seed 7", &a), 0);
	assert_int_equal(cxlsim("run --model demo --seed 7", &b), 0);
	assert_string_equal(a, b);
	assert_non_null(strstr(a, "probe-start parent0"));
	free(a);
	free(b);
}

CXLSIM_TEST(different_seeds_give_different_interleavings)
{
	char *a, *b;
	int seed, differ = 0;
	char args[64];

	assert_int_equal(cxlsim("run --model demo --seed 0", &a), 0);
	for (seed = 1; seed < 10; seed++) {
		snprintf(args, sizeof(args), "run --model demo --seed %d", seed);
		assert_int_equal(cxlsim(args, &b), 0);
		differ += strcmp(a, b) != 0;
		free(b);
	}
	assert_true(differ > 0);
	free(a);
}

CXLSIM_TEST(replay_reproduces_run_byte_for_byte)
{
	char *a, *b, *sched, args[4096];
	int seed;

	for (seed = 0; seed < 20; seed++) {
		snprintf(args, sizeof(args), "run --model demo --seed %d", seed);
		assert_int_equal(cxlsim(args, &a), 0);
		sched = line_value(a, "schedule: ");
		snprintf(args, sizeof(args), "replay --model demo '%s'", sched);
		assert_int_equal(cxlsim(args, &b), 0);
		assert_string_equal(a, b);
		free(a);
		free(b);
		free(sched);
	}
}

CXLSIM_TEST(check_determinism_passes)
{
	char *out;

	assert_int_equal(cxlsim("run --model demo --seed 5 --check-determinism --trace none", &out),
			 0);
	assert_non_null(strstr(out, "identical traces"));
	free(out);
	assert_int_equal(cxlsim("explore --model demo --runs 100 --check-determinism", &out), 0);
	assert_non_null(strstr(out, "determinism: 0 of 100 schedules replayed differently"));
	free(out);
}

CXLSIM_TEST(demo_race_shows_both_orders_over_1000_seeds)
{
	char *out;

	assert_int_equal(cxlsim("explore --model demo --runs 1000 --json", &out), 0);
	assert_non_null(strstr(out, "\"schedules\":1000"));
	assert_non_null(strstr(out, "child0 bound inside parent0's probe"));
	assert_non_null(strstr(out, "child0 bound after parent0's probe returned"));
	assert_null(strstr(out, "never bound"));
	free(out);
}

CXLSIM_TEST(bad_usage_exits_2_with_a_message)
{
	static const char *const bad[] = {
		"", "frobnicate", "run --seed", "run --seed x", "run --seed -1", "run --bogus",
		"replay", "replay 'A!'", "run --model nosuch", "explore --runs 0",
		"explore --strategy dfs-nope", "run --property nosuch", "run extra-arg",
		"explore --depth 0",
	};
	size_t i;
	char *out, args[256];

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(args, sizeof(args), "%s", bad[i]);
		assert_int_equal(cxlsim(args, &out), 2);
		assert_true(strlen(out) > 10);
		free(out);
	}
}

CXLSIM_TEST(help_is_complete)
{
	static const char *const cmds[] = { "run", "replay", "explore", "models", "demo" };
	size_t i;
	char *out, args[64];

	assert_int_equal(cxlsim("--help", &out), 0);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		assert_non_null(strstr(out, cmds[i]));
	free(out);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		snprintf(args, sizeof(args), "%s --help", cmds[i]);
		assert_int_equal(cxlsim(args, &out), 0);
		assert_non_null(strstr(out, "usage: cxlsim"));
		free(out);
	}
}

CXLSIM_TEST(pct_strategy_reports_its_guarantee)
{
	char *out;

	assert_int_equal(cxlsim("explore --model demo --strategy pct --depth 2 --runs 200", &out),
			 0);
	assert_non_null(strstr(out, "1/(n*k^(d-1))"));
	assert_non_null(strstr(out, "schedules run: 200"));
	free(out);
}

CXLSIM_TEST(step_bound_reports_livelock_and_exits_1)
{
	char *out;

	assert_int_equal(cxlsim("run --model demo --seed 1 --max-steps 10 --trace none", &out), 1);
	assert_non_null(strstr(out, "violation: no-livelock"));
	free(out);
}

CXLSIM_TEST(topology_file_errors_exit_2_with_file_and_line)
{
	char *out, args[1024];
	const char *src = getenv("CXLSIM_SOURCE_DIR");
	FILE *f = fopen("bad-topology.json", "w");

	assert_non_null(f);
	fputs("{\n \"host_bridges\": [ { \"uid\": 1,\n \"root_ports\": [ { \"memdev\": "
	      "{ \"speed\": 2 } } ] } ]\n}\n", f);
	fclose(f);
	assert_int_equal(cxlsim("run --topology bad-topology.json", &out), 2);
	assert_non_null(strstr(out, "bad-topology.json:3: unknown key \"speed\""));
	free(out);
	remove("bad-topology.json");
	/* Its PCIe-only accelerator fails to attach: as merged, that self-deadlocks. */
	snprintf(args, sizeof(args), "explore --kernel series+autoremove-deadlock-fix --runs 50 "
		 "--topology %s/tests/data/topologies/two-hb.json", src ? src : ".");
	assert_int_equal(cxlsim(args, &out), 0);
	free(out);
	snprintf(args, sizeof(args), "explore --kernel series --runs 50 --no-shrink --topology "
		 "%s/tests/data/topologies/two-hb.json", src ? src : ".");
	assert_int_equal(cxlsim(args, &out), 1);
	assert_non_null(strstr(out, "no-deadlock        50"));
	free(out);
	/* Under base the PCIe-only accelerator leaves its memdev behind. */
	snprintf(args, sizeof(args), "explore --kernel base --runs 50 --no-shrink --topology "
		 "%s/tests/data/topologies/two-hb.json", src ? src : ".");
	assert_int_equal(cxlsim(args, &out), 1);
	assert_non_null(strstr(out, "accel-fallback     50"));
	free(out);
}

CXLSIM_TEST(stress_counts_iterations_per_property)
{
	char *out;

	assert_int_equal(cxlsim("stress --model demo --iterations 10 --threads 2", &out), 0);
	assert_non_null(strstr(out, "iterations run: 10 "));
	assert_non_null(strstr(out, "machines: 2"));
	free(out);
	/* base: memdev-attached fails on almost every interleaving, real ones included */
	assert_int_equal(cxlsim("stress --iterations 6 --threads 2 --property memdev-attached "
				"--json", &out), 1);
	assert_non_null(strstr(out, "\"memdev-attached\":"));
	free(out);
	assert_int_equal(cxlsim("stress --iterations 0", &out), 2);
	free(out);
	assert_int_equal(cxlsim("stress --strategy pct", &out), 2);
	free(out);
}

CXLSIM_TEST(executor_threads_runs_but_never_replays)
{
	char *out;

	assert_int_equal(cxlsim("run --model demo --executor threads", &out), 0);
	assert_non_null(strstr(out, "thread executor records none"));
	assert_non_null(strstr(out, "probe-start parent0"));
	free(out);
	assert_int_equal(cxlsim("replay --model demo --executor threads -", &out), 2);
	free(out);
	assert_int_equal(cxlsim("explore --model demo --executor threads", &out), 2);
	free(out);
	assert_int_equal(cxlsim("run --executor fibers", &out), 2);
	free(out);
}

/* Numbers on the command line are decimal: 010 is ten (not octal eight), 08 is eight. */
CXLSIM_TEST(numbers_on_the_command_line_are_decimal_only)
{
	static const char *const bad[] = { "0x10", "+5", "' 5'", "5x", "-1", "''", "1e3",
					   "18446744073709551616" };
	char *a, *b, args[128];
	size_t i;

	assert_int_equal(cxlsim("run --model demo --seed 010", &a), 0);
	assert_int_equal(cxlsim("run --model demo --seed 10", &b), 0);
	assert_string_equal(a, b);
	free(a);
	free(b);
	assert_int_equal(cxlsim("run --model demo --seed 8", &b), 0);
	assert_int_equal(cxlsim("run --model demo --seed 08", &a), 0);
	assert_string_equal(a, b);
	free(a);
	free(b);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(args, sizeof(args), "run --model demo --seed %s", bad[i]);
		assert_int_equal(cxlsim(args, &a), 2);
		if (!strstr(a, "cxlsim run: --seed: '") ||
		    (!strstr(a, "' is not a decimal number\n") && !strstr(a, "' is larger than ")))
			fail_msg("--seed %s: %s", bad[i], a);
		free(a);
	}
	assert_int_equal(cxlsim("explore --model demo --runs 0x2", &a), 2);
	assert_non_null(strstr(a, "cxlsim explore: --runs: '0x2' is not a decimal number\n"));
	free(a);
	assert_int_equal(cxlsim("explore --model demo --shard +0/2", &a), 2);
	assert_non_null(strstr(a, "--shard wants I/N"));
	free(a);
	assert_int_equal(cxlsim("diff-models --seed 0x1", &a), 2);
	assert_non_null(strstr(a, "cxlsim diff-models: --seed: '0x1' is not a decimal number\n"));
	free(a);
}

/* Every option that reads a file says what is wrong with it: missing, a directory, empty, not JSON. */
CXLSIM_TEST(file_options_say_what_is_wrong_with_the_file)
{
	char dir[] = "/tmp/cxlsim-files-XXXXXX", args[512], want[512], *out;
	static const char *const opts[] = { "run --topology", "list --topology-from-cxl-list",
					    "explore --strategy dfs --checkpoint", "merge" };
	size_t i;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	snprintf(args, sizeof(args), "%s/empty", dir);
	f = fopen(args, "w");
	assert_non_null(f);
	fclose(f);
	snprintf(args, sizeof(args), "%s/notjson", dir);
	f = fopen(args, "w");
	assert_non_null(f);
	fputs("{\n  host_bridges: 1\n}\n", f);
	fclose(f);

	assert_int_equal(cxlsim("run --topology minimial", &out), 2);
	assert_string_equal(out, "--topology minimial: neither a built-in topology (default, "
				 "minimal, accel, gen:N) nor a file\n");
	free(out);
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		snprintf(args, sizeof(args), "%s %s", opts[i], dir);
		assert_int_equal(cxlsim(args, &out), 2);
		snprintf(want, sizeof(want), "%s: is a directory, not a file\n", dir);
		if (!strstr(out, want) || strchr(out, '\n') != out + strlen(out) - 1)
			fail_msg("%s: %s", args, out);
		free(out);
		snprintf(args, sizeof(args), "%s %s/empty", opts[i], dir);
		assert_int_equal(cxlsim(args, &out), 2);
		if (!strstr(out, "empty") || strchr(out, '\n') != out + strlen(out) - 1)
			fail_msg("%s: %s", args, out);
		free(out);
		if (i == 2)
			continue; /* a checkpoint is not JSON */
		snprintf(args, sizeof(args), "%s %s/notjson", opts[i], dir);
		assert_int_equal(cxlsim(args, &out), 2);
		snprintf(want, sizeof(want), "%s/notjson:2:3: not JSON: ", dir);
		if (!strstr(out, want) || strchr(out, '\n') != out + strlen(out) - 1)
			fail_msg("%s: %s", args, out);
		free(out);
	}
	snprintf(args, sizeof(args), "rm -r %s", dir);
	assert_int_equal(system(args), 0);
}
