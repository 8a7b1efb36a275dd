// SPDX-License-Identifier: LGPL-2.1-or-later
/* cxlsim list and --topology-from-cxl-list as a user runs them: output, replay, exit codes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <json-c/json.h>

#include "harness.h"

/* Run `cxlsim ARGS` (ARGS may redirect); the exit status and stdout, malloc'd. */
static int run_tool(const char *args, char **out)
{
	const char *tool = getenv("CXLSIM_TOOL");
	size_t len = 0, cap = 1 << 16;
	char cmd[2048], *buf = malloc(cap);
	FILE *p;
	int st;

	assert_non_null(tool);
	assert_non_null(buf);
	snprintf(cmd, sizeof(cmd), "%s %s", tool, args);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (!feof(p)) {
		if (len + 4096 > cap)
			buf = realloc(buf, cap *= 2);
		assert_non_null(buf);
		len += fread(buf + len, 1, 4096, p);
	}
	buf[len] = '\0';
	st = pclose(p);
	*out = buf;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static const char *src_dir(void)
{
	const char *src = getenv("CXLSIM_SOURCE_DIR");

	return src ? src : ".";
}

CXLSIM_TEST(list_prints_cxl_list_json_and_the_run_verdict)
{
	struct json_object *o, *bus, *v;
	char *out, *run;
	int rc = run_tool("list --kernel series --seed 2 2>/dev/null", &out);
	int run_rc = run_tool("run --kernel series --seed 2 --trace none 2>&1", &run);

	/* The same schedule as run: the same verdict. */
	assert_int_equal(rc, run_rc);
	assert_true(rc == 0 || rc == 1);
	o = json_tokener_parse(out);
	assert_non_null(o);
	assert_true(json_object_is_type(o, json_type_array));
	bus = json_object_array_get_idx(o, 0);
	assert_true(json_object_object_get_ex(bus, "bus", &v));
	assert_string_equal(json_object_get_string(v), "root0");
	assert_true(json_object_object_get_ex(bus, "ports:root0", &v));
	assert_true(json_object_object_get_ex(bus, "decoders:root0", &v));
	json_object_put(o);
	free(out);
	free(run);
}

CXLSIM_TEST(list_short_options_pick_objects)
{
	char *out;

	/* -B alone: the bus and nothing below it. */
	assert_true(run_tool("list -B --kernel series 2>/dev/null", &out) <= 1);
	assert_non_null(strstr(out, "\"bus\":\"root0\""));
	assert_null(strstr(out, "ports:root0"));
	assert_null(strstr(out, "dports"));
	free(out);
	/* -BT: with its dports. */
	assert_true(run_tool("list -BT --kernel series 2>/dev/null", &out) <= 1);
	assert_non_null(strstr(out, "\"dport\":\"pci0000:00\""));
	free(out);
	assert_true(run_tool("list --memdevs --kernel series 2>/dev/null", &out) <= 1);
	assert_non_null(strstr(out, "\"memdev\":\"mem0\""));
	assert_null(strstr(out, "\"bus\""));
	free(out);
}

CXLSIM_TEST(list_replays_a_schedule_from_run)
{
	char *run, *a, *b, *sched, *end, args[8192];

	assert_true(run_tool("run --kernel base --seed 9 --trace none 2>&1", &run) <= 1);
	sched = strstr(run, "schedule: ");
	assert_non_null(sched);
	sched += strlen("schedule: ");
	end = strchr(sched, '\n');
	assert_non_null(end);
	*end = '\0';
	assert_true(run_tool("list --kernel base --seed 9 2>/dev/null", &a) <= 1);
	snprintf(args, sizeof(args), "list --kernel base --schedule %s 2>/dev/null", sched);
	assert_true(run_tool(args, &b) <= 1);
	assert_string_equal(a, b);
	free(run);
	free(a);
	free(b);
}

CXLSIM_TEST(topology_from_cxl_list_errors_exit_2_with_file_and_line)
{
	const char *const cmds[] = { "list", "run", "replay --schedule 0", "explore --runs 2" };
	char *out, args[1024];
	FILE *f = fopen("bad-cxl-list.json", "w");
	size_t i;

	assert_non_null(f);
	fputs("[\n  {\n    \"bus\":\"root0\",\n    \"ports:root0\":[\n      {\"port\":\"port1\"}\n"
	      "    ]\n  }\n]\n",
	      f);
	fclose(f);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		snprintf(args, sizeof(args), "%s --topology-from-cxl-list bad-cxl-list.json 2>&1",
			 cmds[i]);
		assert_int_equal(run_tool(args, &out), 2);
		if (!strstr(out, "bad-cxl-list.json:5: a host-bridge port has no \"host\""))
			fail_msg("cxlsim %s said: %s", cmds[i], out);
		free(out);
	}
	remove("bad-cxl-list.json");
	assert_int_equal(run_tool("list --topology-from-cxl-list /nonexistent.json 2>&1", &out), 2);
	assert_non_null(strstr(out, "/nonexistent.json: cannot open: No such file or directory"));
	free(out);
}

CXLSIM_TEST(list_usage_errors_exit_2)
{
	const char *const bad[] = {
		"list --topology minimal --topology-from-cxl-list x.json",
		"list --seed 1 --schedule 0",
		"list --model demo",
		"list --bogus",
		"list -Q",
		"list extra",
	};
	char *out, args[512];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(args, sizeof(args), "%s 2>&1", bad[i]);
		if (run_tool(args, &out) != 2)
			fail_msg("cxlsim %s did not exit 2: %s", bad[i], out);
		free(out);
	}
	assert_int_equal(run_tool("list --help", &out), 0);
	assert_non_null(strstr(out, "usage: cxlsim list"));
	free(out);
}

CXLSIM_TEST(explore_runs_a_topology_from_cxl_list)
{
	char *out, args[1024];
	int rc;

	snprintf(args, sizeof(args),
		 "explore --kernel series --runs 20 --no-shrink "
		 "--topology-from-cxl-list %s/tests/data/cxl-list/cxl_test.json 2>&1",
		 src_dir());
	rc = run_tool(args, &out);
	if (rc != 0 && rc != 1)
		fail_msg("exit %d: %s", rc, out);
	assert_non_null(strstr(out, "schedules run: 20"));
	free(out);
}
