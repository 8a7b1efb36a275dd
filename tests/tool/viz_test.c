// SPDX-License-Identifier: LGPL-2.1-or-later
/* What a run shows: coloured text, JSON lines, the Chrome timeline, the DOT device tree. */
#include <pty.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-c/json.h>

#include "harness.h"

/* Run `cxlsim ARGS` with standard error to @err_to (a path); returns the exit status. */
static int tool(const char *args, const char *err_to, char **out)
{
	const char *exe = getenv("CXLSIM_TOOL");
	size_t len = 0, cap = 1 << 16;
	char cmd[2048], *buf = malloc(cap);
	FILE *p;
	int st;

	assert_non_null(exe);
	snprintf(cmd, sizeof(cmd), "%s %s 2>%s", exe, args, err_to);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (!feof(p)) {
		if (len + 4096 > cap)
			buf = realloc(buf, cap *= 2);
		len += fread(buf + len, 1, 4096, p);
	}
	buf[len] = '\0';
	st = pclose(p);
	if (out)
		*out = buf;
	else
		free(buf);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* ---- JSON lines ---- */

static void check_jsonl_line(const char *line)
{
	static const struct {
		const char *key;
		enum json_type type;
	} fields[] = {
		{ "time_ns", json_type_int },	   { "task", json_type_int },
		{ "task_name", json_type_string }, { "event", json_type_string },
		{ "object", json_type_string },	   { "detail", json_type_string },
		{ "value", json_type_int },	   { "step", json_type_int },
	};
	struct json_object *o = json_tokener_parse(line), *v;
	size_t i;

	assert_non_null(o);
	assert_int_equal(json_object_object_length(o), sizeof(fields) / sizeof(fields[0]));
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		assert_true(json_object_object_get_ex(o, fields[i].key, &v));
		assert_int_equal(json_object_get_type(v), fields[i].type);
	}
	json_object_put(o);
}

CXLSIM_TEST(jsonl_trace_has_every_field_of_every_event)
{
	char *text, *jsonl, *line, *save = NULL;
	size_t n = 0;

	assert_int_equal(tool("run --topology minimal --seed 4", "/dev/null", &text), 1);
	assert_int_equal(tool("run --topology minimal --seed 4 --trace jsonl viz-jsonl.jsonl",
			      "/dev/null", NULL),
			 1);
	jsonl = slurp("viz-jsonl.jsonl");
	/* As many records as text lines before the verdict. */
	*strstr(text, "schedule: ") = '\0';
	assert_int_equal(count_lines(jsonl), count_lines(text));
	for (line = strtok_r(jsonl, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++)
		check_jsonl_line(line);
	assert_true(n > 100);
	free(text);
	free(jsonl);
	remove("viz-jsonl.jsonl");
}

CXLSIM_TEST(jsonl_on_stdout_leaves_the_verdict_to_stderr)
{
	char *out, *err, *line, *save = NULL;

	assert_int_equal(
		tool("run --topology minimal --seed 2 --trace jsonl -", "viz-stdout.err", &out), 1);
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		check_jsonl_line(line);
	err = slurp("viz-stdout.err");
	assert_non_null(strstr(err, "schedule: "));
	assert_non_null(strstr(err, "violation: memdev-attached"));
	free(out);
	free(err);
	remove("viz-stdout.err");
}

/* ---- colour ---- */

/* Run the tool on a pseudo-terminal, as a user at a shell does. */
static char *run_on_tty(const char *args, bool no_colour)
{
	const char *exe = getenv("CXLSIM_TOOL");
	size_t len = 0, cap = 1 << 16;
	char *buf = malloc(cap);
	int fd, st;
	pid_t pid;
	ssize_t n;

	assert_non_null(exe);
	pid = forkpty(&fd, NULL, NULL, NULL);
	assert_true(pid >= 0);
	if (!pid) {
		if (no_colour)
			setenv("NO_COLOR", "1", 1);
		else
			unsetenv("NO_COLOR");
		setenv("TERM", "xterm", 1);
		execl("/bin/sh", "sh", "-c", args, (char *)NULL);
		_exit(127);
	}
	/* The child's exit makes read() fail with EIO once the output is drained. */
	while ((n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (cap - len < 4096)
			buf = realloc(buf, cap *= 2);
	}
	buf[len] = '\0';
	close(fd);
	waitpid(pid, &st, 0);
	return buf;
}

CXLSIM_TEST(text_trace_is_coloured_on_a_tty_only)
{
	const char *exe = getenv("CXLSIM_TOOL");
	char *out, cmd[1024];

	assert_non_null(exe);
	snprintf(cmd, sizeof(cmd), "%s run --topology minimal --seed 1", exe);
	out = run_on_tty(cmd, false);
	assert_non_null(strstr(out, "probe-start"));
	assert_non_null(strstr(out, "\033[1;31mVIOLATION"));
	free(out);
	out = run_on_tty(cmd, true);
	assert_non_null(strstr(out, "probe-start"));
	assert_null(strchr(out, '\033'));
	free(out);
	/* A pipe never gets colour. */
	assert_int_equal(tool("run --topology minimal --seed 1", "/dev/null", &out), 1);
	assert_null(strchr(out, '\033'));
	free(out);
}

/* ---- the timeline ---- */

static const char *str_of(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return NULL;
	return json_object_get_string(v);
}

static double ts_of(struct json_object *o)
{
	struct json_object *v;

	assert_true(json_object_object_get_ex(o, "ts", &v));
	return json_object_get_double(v);
}

static int tid_of(struct json_object *o)
{
	struct json_object *v;

	assert_true(json_object_object_get_ex(o, "tid", &v));
	return json_object_get_int(v);
}

static const char *arg_of(struct json_object *o, const char *key)
{
	struct json_object *args;

	if (!json_object_object_get_ex(o, "args", &args))
		return NULL;
	return str_of(args, key);
}

struct at {
	struct json_object *e;
	double ts;
	size_t idx;
};

/* As a viewer reads the events: by time, ties in file order. */
static int by_ts(const void *a, const void *b)
{
	const struct at *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

#define MAX_TID 1024
#define MAX_FLOW 65536

/*
 * The structure Perfetto and chrome://tracing rely on: a traceEvents array,
 * every event with name/ph/ts/pid/tid, B and E balanced and nested per
 * track (by name), each flow id with exactly one start and one finish,
 * instants global, every used track named.  Returns the parsed file.
 */
static struct json_object *check_timeline(const char *path)
{
	struct json_object *root = json_object_from_file(path), *events;
	static const char *stack[MAX_TID][64];
	static unsigned int depth[MAX_TID];
	static unsigned char flows[MAX_FLOW];
	static bool named[MAX_TID], used[MAX_TID];
	struct at *sorted;
	size_t i, n;
	int tid;

	assert_non_null(root);
	assert_int_equal(json_object_get_type(root), json_type_object);
	assert_true(json_object_object_get_ex(root, "traceEvents", &events));
	assert_int_equal(json_object_get_type(events), json_type_array);
	n = json_object_array_length(events);
	assert_true(n > 10);
	memset(depth, 0, sizeof(depth));
	memset(flows, 0, sizeof(flows));
	memset(named, 0, sizeof(named));
	memset(used, 0, sizeof(used));
	sorted = calloc(n, sizeof(*sorted));
	for (i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(events, i), *v;
		static const char *const keys[] = { "name", "ph", "ts", "pid", "tid" };
		size_t k;

		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			assert_true(json_object_object_get_ex(e, keys[k], &v));
		sorted[i] = (struct at){ e, ts_of(e), i };
	}
	qsort(sorted, n, sizeof(*sorted), by_ts);
	for (i = 0; i < n; i++) {
		struct json_object *e = sorted[i].e, *v;
		const char *ph = str_of(e, "ph"), *name = str_of(e, "name");

		tid = tid_of(e);
		assert_true(tid >= 0 && tid < MAX_TID);
		assert_int_equal(strlen(ph), 1);
		switch (ph[0]) {
		case 'M':
			if (!strcmp(name, "thread_name"))
				named[tid] = true;
			break;
		case 'B':
			assert_true(depth[tid] < 64);
			stack[tid][depth[tid]++] = name;
			used[tid] = true;
			break;
		case 'E':
			assert_true(depth[tid] > 0);
			assert_string_equal(stack[tid][--depth[tid]], name);
			break;
		case 'X':
			assert_true(json_object_object_get_ex(e, "dur", &v));
			used[tid] = true;
			break;
		case 'i':
			assert_string_equal(str_of(e, "s"), "g");
			break;
		case 's':
		case 'f':
			assert_true(json_object_object_get_ex(e, "id", &v));
			assert_true(json_object_get_int(v) > 0 &&
				    json_object_get_int(v) < MAX_FLOW);
			/* bit 0: a start, bit 1: a finish, each once. */
			assert_false(flows[json_object_get_int(v)] & (ph[0] == 's' ? 1 : 2));
			flows[json_object_get_int(v)] |= ph[0] == 's' ? 1 : 2;
			break;
		default:
			fail_msg("unexpected phase '%s'", ph);
		}
	}
	for (tid = 0; tid < MAX_TID; tid++) {
		assert_int_equal(depth[tid], 0);
		if (used[tid])
			assert_true(named[tid]);
	}
	for (i = 0; i < MAX_FLOW; i++)
		assert_true(flows[i] == 0 || flows[i] == 3);
	free(sorted);
	return root;
}

CXLSIM_TEST(timeline_is_a_well_formed_chrome_trace)
{
	static const char *const runs[] = {
		"run --topology minimal --seed 1",
		"run --topology accel --kernel series --seed 2",
		"run --kernel base --seed 3",
		"run --model demo --seed 7",
	};
	char args[512];
	size_t i;

	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		struct json_object *root;

		snprintf(args, sizeof(args), "%s --trace none --timeline viz-wf.json", runs[i]);
		assert_true(tool(args, "/dev/null", NULL) <= 1);
		root = check_timeline("viz-wf.json");
		json_object_put(root);
	}
	remove("viz-wf.json");
}

/* The first event of @kind ("X" event name or "B" probe) for @memdev, or NULL. */
static struct json_object *find_returned(struct json_object *events, const char *memdev)
{
	size_t i;

	for (i = 0; i < json_object_array_length(events); i++) {
		struct json_object *e = json_object_array_get_idx(events, i);
		const char *ev = arg_of(e, "event"), *obj = arg_of(e, "object");

		if (ev && !strcmp(ev, "devm_cxl_add_memdev-returned") && !strcmp(obj, memdev))
			return e;
	}
	return NULL;
}

static struct json_object *first_cxl_mem_probe(struct json_object *events, const char *memdev)
{
	struct json_object *best = NULL;
	size_t i;

	for (i = 0; i < json_object_array_length(events); i++) {
		struct json_object *e = json_object_array_get_idx(events, i);
		const char *dev = arg_of(e, "device"), *drv = arg_of(e, "driver");

		if (strcmp(str_of(e, "ph"), "B") || !dev || strcmp(dev, memdev) ||
		    strcmp(drv, "cxl_mem"))
			continue;
		if (!best || ts_of(e) < ts_of(best))
			best = e;
	}
	return best;
}

/*
 * memdev-attached before the series: devm_cxl_add_memdev() returns in its
 * creator task (the VIOLATION is reported there) and cxl_mem's probe of that
 * memN starts only afterwards, when udev has loaded cxl_mem.
 */
CXLSIM_TEST(timeline_shows_base_memdev_probe_after_devm_cxl_add_memdev_returned)
{
	struct json_object *root, *events, *viol = NULL, *ret, *probe;
	char memdev[32] = "";
	const char *msg, *p;
	size_t i;

	assert_int_equal(tool("run --kernel base --seed 0 --trace none --timeline viz-base.json",
			      "/dev/null", NULL),
			 1);
	root = check_timeline("viz-base.json");
	assert_true(json_object_object_get_ex(root, "traceEvents", &events));
	for (i = 0; i < json_object_array_length(events) && !viol; i++) {
		struct json_object *e = json_object_array_get_idx(events, i);

		if (!strcmp(str_of(e, "ph"), "i") &&
		    !strcmp(arg_of(e, "property"), "memdev-attached"))
			viol = e;
	}
	assert_non_null(viol);
	msg = arg_of(viol, "message");
	p = strstr(msg, "probed ");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "probed %31s", memdev), 1);
	assert_int_equal(strncmp(memdev, "mem", 3), 0);

	ret = find_returned(events, memdev);
	assert_non_null(ret);
	assert_int_equal(tid_of(ret), tid_of(viol));
	probe = first_cxl_mem_probe(events, memdev);
	assert_non_null(probe);
	assert_true(ts_of(probe) > ts_of(ret));
	assert_int_not_equal(tid_of(probe), tid_of(ret));
	json_object_put(root);
	remove("viz-base.json");
}

/* With the series cxl_mem probes memN inside device_add(), before the call returns. */
CXLSIM_TEST(timeline_shows_series_memdev_probe_inside_devm_cxl_add_memdev)
{
	struct json_object *root, *events, *ret, *probe;
	char memdev[16];
	int i, seen = 0;

	assert_true(tool("run --kernel series --seed 3 --trace none --timeline viz-series.json",
			 "/dev/null", NULL) <= 1);
	root = check_timeline("viz-series.json");
	assert_true(json_object_object_get_ex(root, "traceEvents", &events));
	for (i = 0; i < 64; i++) {
		snprintf(memdev, sizeof(memdev), "mem%d", i);
		ret = find_returned(events, memdev);
		if (!ret)
			continue;
		probe = first_cxl_mem_probe(events, memdev);
		assert_non_null(probe);
		assert_true(ts_of(probe) < ts_of(ret));
		assert_int_equal(tid_of(probe), tid_of(ret));
		seen++;
	}
	assert_true(seen > 0);
	json_object_put(root);
	remove("viz-series.json");
}

/* ---- the device tree ---- */

/* The quoted strings of one DOT line, in order; returns how many. */
static int quoted(const char *line, char ids[][128], int max)
{
	int n = 0;

	while (n < max && (line = strchr(line, '"'))) {
		size_t len = 0;

		for (line++; *line && *line != '"'; line++) {
			if (*line == '\\' && line[1])
				line++;
			if (len < 127)
				ids[n][len++] = *line;
		}
		assert_int_equal(*line, '"');
		ids[n++][len] = '\0';
		line++;
	}
	return n;
}

#define MAX_NODES 512

CXLSIM_TEST(dot_of_minimal_topology_is_well_formed)
{
	static const char *const expect[] = {
		"pci:0000:02:00.0",   "platform:ACPI0017:00",
		"cxl:root0",	      "cxl:port1",
		"cxl:mem0",	      "cxl:endpoint2",
		"driver:cxl/cxl_mem", "driver:cxl/cxl_port",
		"driver:pci/cxl_pci", "module:cxl_core",
		"module:cxl_mem",
	};
	static char nodes[MAX_NODES][128];
	char *dot, *line, *save = NULL, ids[4][128];
	int nr_nodes = 0, nr_edges = 0, depth = 0, i, k;
	bool in_quote = false;
	const char *c;
	size_t e;

	assert_true(tool("run --topology minimal --kernel series --seed 0 --trace none "
			 "--dot viz-min.dot",
			 "/dev/null", NULL) <= 1);
	dot = slurp("viz-min.dot");
	assert_int_equal(strncmp(dot, "digraph ", 8), 0);
	for (c = dot; *c; c++) {
		if (in_quote && *c == '\\' && c[1]) {
			c++;
			continue;
		}
		if (*c == '"')
			in_quote = !in_quote;
		else if (!in_quote && *c == '{')
			depth++;
		else if (!in_quote && *c == '}')
			assert_true(--depth >= 0);
	}
	assert_false(in_quote);
	assert_int_equal(depth, 0);

	/* Declarations first (every node line has an attribute list), then edges. */
	for (line = strtok_r(dot, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		while (*line == '\t')
			line++;
		if (*line != '"' || strstr(line, " -> "))
			continue;
		assert_non_null(strstr(line, " ["));
		assert_true(nr_nodes < MAX_NODES);
		assert_int_equal(quoted(line, ids, 1), 1);
		strcpy(nodes[nr_nodes++], ids[0]);
	}
	free(dot);
	dot = slurp("viz-min.dot");
	save = NULL;
	for (line = strtok_r(dot, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *arrow = strstr(line, " -> ");

		if (!arrow || strchr(line, '"') > arrow)
			continue;
		assert_true(quoted(line, ids, 2) == 2);
		for (k = 0; k < 2; k++) {
			for (i = 0; i < nr_nodes && strcmp(nodes[i], ids[k]); i++)
				;
			if (i == nr_nodes)
				fail_msg("edge endpoint \"%s\" is not declared", ids[k]);
		}
		nr_edges++;
	}
	for (e = 0; e < sizeof(expect) / sizeof(expect[0]); e++) {
		for (i = 0; i < nr_nodes && strcmp(nodes[i], expect[e]); i++)
			;
		if (i == nr_nodes)
			fail_msg("no node \"%s\"", expect[e]);
	}
	free(dot);
	dot = slurp("viz-min.dot");
	/* The tree and the ownership that matter for memdev-attached. */
	assert_non_null(strstr(dot, "\"cxl:mem0\" [label=\"mem0\\ndriver cxl_mem\""));
	assert_non_null(strstr(dot, "\"pci:0000:02:00.0\" -> \"cxl:mem0\""));
	assert_non_null(strstr(dot, "\"cxl:port1\" -> \"cxl:endpoint2\""));
	assert_non_null(strstr(dot, "\"module:cxl_mem\" -> \"driver:cxl/cxl_mem\""));
	assert_true(nr_edges >= 8);
	free(dot);
	remove("viz-min.dot");
}

/* ---- determinism and usage ---- */

CXLSIM_TEST(replay_writes_the_same_files_as_run)
{
	static const char *const files[] = { "viz-a.jsonl", "viz-a.json", "viz-a.dot",
					     "viz-b.jsonl", "viz-b.json", "viz-b.dot" };
	char *out, *sched, *nl, args[4096];
	size_t i;

	assert_int_equal(tool("run --kernel base --seed 9 --trace jsonl viz-a.jsonl --timeline "
			      "viz-a.json --dot viz-a.dot",
			      "/dev/null", &out),
			 1);
	sched = strstr(out, "schedule: ") + strlen("schedule: ");
	nl = strchr(sched, '\n');
	*nl = '\0';
	snprintf(args, sizeof(args),
		 "replay --kernel base --trace jsonl viz-b.jsonl --timeline "
		 "viz-b.json --dot viz-b.dot '%s'",
		 sched);
	assert_int_equal(tool(args, "/dev/null", NULL), 1);
	for (i = 0; i < 3; i++) {
		char *a = slurp(files[i]), *b = slurp(files[i + 3]);

		assert_string_equal(a, b);
		assert_null(strstr(a, "0x"));
		free(a);
		free(b);
	}
	for (i = 0; i < 6; i++)
		remove(files[i]);
	free(out);
}

CXLSIM_TEST(viz_options_bad_usage_exits_2)
{
	static const char *const bad[] = {
		"run --trace jsonl",
		"run --trace jsonl --seed 1",
		"run --trace json",
		"explore --timeline x.json",
		"explore --dot x.dot",
		"explore --trace jsonl x",
		"run --timeline /nonexistent/dir/x.json --trace none",
		"run --dot /nonexistent/dir/x.dot --trace none",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(tool(bad[i], "/dev/null", NULL), 2);
}
