// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cxlsim merge: add up the --json summaries of explore shards (--shard I/N)
 * into the summary of the whole search.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cxl/json_pos.h"
#include "cxlsim.h"
#include "explore.h"

static const char merge_usage[] =
	"usage: cxlsim merge [--json] [--progress|--quiet] FILE...\n"
	"Add up the summaries that `cxlsim explore --json --shard I/N` printed on N\n"
	"machines: schedules, end states and violations are summed, the first violating\n"
	"schedule of each property is taken from the lowest shard that has one, and a\n"
	"dfs search counts as exhausted only when every shard 0..N-1 is there and\n"
	"exhausted.  The shards must come from one search: the same model, topology,\n"
	"kernel, workload, --builtin, --link-order, strategy, seed, N and --end-state,\n"
	"and for dfs the same reduction, --preemptions, --exact-bound and --schedule.\n\n"
	"  --json      print the merged summary as one JSON object (default: text)\n"
	"  --progress  a progress line on standard error (files merged, rate,\n"
	"              violations so far, time), also off a terminal\n"
	"  --quiet     no progress line\n\n"
	"Exit: 0 no violation, 1 some violation, 2 bad usage or input.\n";

/* The keys every shard of one search must agree on. */
static const char *const same_keys[] = { "model", "strategy", "seed", "topology", "kernel",
					 "workload", "builtin", "link_order", "shards", NULL };

/* ... and, for dfs, on how it searched. */
static const char *const dfs_same_keys[] = { "reduction", "preemption_bound", "exact_bound",
					     "root", NULL };

static const char *const dfs_sums[] = { "explored", "pruned", "sleep_blocked", "bounded",
					"other_shard", "races", NULL };

struct merged {
	struct json_object *out;	/* the first shard's object, updated in place */
	struct json_object *first_by;	/* property -> shard that gave first_violation_schedule */
	bool *seen;
	int nr_shards;
	bool all_exhausted;
	bool is_dfs;
};

static int fail(const char *file, const char *what)
{
	fprintf(stderr, "cxlsim merge: %s: %s\n", file, what);
	return EXIT_USAGE;
}

static uint64_t u64_of(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? (uint64_t)json_object_get_uint64(v) : 0;
}

static void add_u64(struct json_object *dst, const char *key, uint64_t n)
{
	json_object_object_add(dst, key, json_object_new_uint64(u64_of(dst, key) + n));
}

/* How a summary counted end states; one from before --end-state counted by the short label. */
static const char *end_state_of(struct json_object *o)
{
	struct json_object *v;

	return json_object_object_get_ex(o, "end_state", &v) ? json_object_get_string(v) : "short";
}

static int merge_states(struct json_object *dst, struct json_object *src)
{
	struct json_object *da, *sa;
	size_t i, j;

	if (!json_object_object_get_ex(dst, "end_states", &da) ||
	    !json_object_object_get_ex(src, "end_states", &sa) ||
	    !json_object_is_type(sa, json_type_array))
		return -EINVAL;
	for (i = 0; i < json_object_array_length(sa); i++) {
		struct json_object *s = json_object_array_get_idx(sa, i), *label;
		bool found = false;

		if (!json_object_object_get_ex(s, "state", &label))
			return -EINVAL;
		for (j = 0; j < json_object_array_length(da) && !found; j++) {
			struct json_object *d = json_object_array_get_idx(da, j), *dl;

			if (json_object_object_get_ex(d, "state", &dl) &&
			    !strcmp(json_object_get_string(dl), json_object_get_string(label))) {
				add_u64(d, "count", u64_of(s, "count"));
				found = true;
			}
		}
		if (!found)
			json_object_array_add(da, json_object_get(s));
	}
	json_object_object_add(dst, "distinct_end_states",
			       json_object_new_uint64(json_object_array_length(da)));
	return 0;
}

static int merge_violations(struct merged *m, struct json_object *src, int shard)
{
	struct json_object *dv, *sv, *dfirst, *sfirst;

	if (!json_object_object_get_ex(m->out, "violations", &dv) ||
	    !json_object_object_get_ex(src, "violations", &sv) ||
	    !json_object_object_get_ex(m->out, "first_violation_schedule", &dfirst) ||
	    !json_object_object_get_ex(src, "first_violation_schedule", &sfirst))
		return -EINVAL;
	json_object_object_foreach(sv, prop, count)
		add_u64(dv, prop, (uint64_t)json_object_get_uint64(count));
	{
		json_object_object_foreach(sfirst, prop, sched)
		{
			struct json_object *by;

			/* The lowest shard's first find stands for the search. */
			if (json_object_object_get_ex(m->first_by, prop, &by) &&
			    json_object_get_int(by) < shard)
				continue;
			json_object_object_add(dfirst, prop, json_object_get(sched));
			json_object_object_add(m->first_by, prop, json_object_new_int(shard));
		}
	}
	return 0;
}

static int merge_one(struct merged *m, const char *file)
{
	struct json_object *o = NULL, *v, *d;
	char err[512];
	size_t len;
	char *text = cxl_json_read_file(file, 256 << 20, &len, err, sizeof(err));
	int shard, n, i;

	if (text)
		o = cxl_json_parse(file, text, len, err, sizeof(err));
	free(text);
	if (!o) {
		fprintf(stderr, "cxlsim merge: %s\n", err);
		return EXIT_USAGE;
	}
	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "schedules", &v) ||
	    !json_object_object_get_ex(o, "shard", &v)) {
		json_object_put(o);
		return fail(file, "not the output of cxlsim explore --json");
	}
	shard = json_object_get_int(v);
	n = (int)u64_of(o, "shards");
	if (n < 1 || shard < 0 || shard >= n) {
		json_object_put(o);
		return fail(file, "its shard number is out of range");
	}
	if (!m->out) {
		m->out = o;
		m->nr_shards = n;
		m->seen = calloc((size_t)n, sizeof(*m->seen));
		m->first_by = json_object_new_object();
		if (!m->seen || !m->first_by)
			return fail(file, "out of memory");
		m->seen[shard] = true;
		m->is_dfs = json_object_object_get_ex(o, "dfs", &d);
		m->all_exhausted = !m->is_dfs || u64_of(d, "exhausted");
		if (json_object_object_get_ex(o, "first_violation_schedule", &v)) {
			json_object_object_foreach(v, prop, sched)
			{
				(void)sched;
				json_object_object_add(m->first_by, prop, json_object_new_int(shard));
			}
		}
		return 0;
	}
	for (i = 0; same_keys[i]; i++) {
		struct json_object *a, *b;

		if (!json_object_object_get_ex(m->out, same_keys[i], &a) ||
		    !json_object_object_get_ex(o, same_keys[i], &b) ||
		    strcmp(json_object_get_string(a), json_object_get_string(b))) {
			char msg[128];

			snprintf(msg, sizeof(msg), "another search: its \"%s\" differs", same_keys[i]);
			json_object_put(o);
			return fail(file, msg);
		}
	}
	/* Labels of two kinds never match: each end state would be counted twice. */
	if (strcmp(end_state_of(m->out), end_state_of(o))) {
		json_object_put(o);
		return fail(file, "another search: its \"end_state\" differs");
	}
	if (m->seen[shard]) {
		json_object_put(o);
		return fail(file, "this shard was given twice");
	}
	m->seen[shard] = true;
	add_u64(m->out, "schedules", u64_of(o, "schedules"));
	if (merge_states(m->out, o) || merge_violations(m, o, shard)) {
		json_object_put(o);
		return fail(file, "malformed end_states or violations");
	}
	if (json_object_object_get_ex(o, "stopped_early", &v) && json_object_get_boolean(v))
		json_object_object_add(m->out, "stopped_early", json_object_new_boolean(1));
	if (m->is_dfs) {
		struct json_object *md;

		if (!json_object_object_get_ex(o, "dfs", &d) ||
		    !json_object_object_get_ex(m->out, "dfs", &md)) {
			json_object_put(o);
			return fail(file, "mixes dfs and other strategies");
		}
		for (i = 0; dfs_same_keys[i]; i++) {
			struct json_object *a = NULL, *b = NULL;

			json_object_object_get_ex(md, dfs_same_keys[i], &a);
			json_object_object_get_ex(d, dfs_same_keys[i], &b);
			if (strcmp(a ? json_object_get_string(a) : "",
				   b ? json_object_get_string(b) : "")) {
				char msg[128];

				snprintf(msg, sizeof(msg), "another search: its dfs \"%s\" differs",
					 dfs_same_keys[i]);
				json_object_put(o);
				return fail(file, msg);
			}
		}
		for (i = 0; dfs_sums[i]; i++)
			add_u64(md, dfs_sums[i], u64_of(d, dfs_sums[i]));
		if (u64_of(d, "max_depth") > u64_of(md, "max_depth"))
			json_object_object_add(md, "max_depth",
					       json_object_new_uint64(u64_of(d, "max_depth")));
		m->all_exhausted &= u64_of(d, "exhausted") != 0;
	}
	json_object_put(o);
	return 0;
}

static void print_text(const struct merged *m, int missing)
{
	struct json_object *v, *states, *viol, *first;
	size_t i;

	json_object_object_get_ex(m->out, "end_states", &states);
	json_object_object_get_ex(m->out, "violations", &viol);
	json_object_object_get_ex(m->out, "first_violation_schedule", &first);
	printf("merged %d of %d shards of: model %s, strategy %s, topology %s, kernel %s, "
	       "workload %s\n", m->nr_shards - missing, m->nr_shards,
	       json_object_get_string(json_object_object_get(m->out, "model")),
	       json_object_get_string(json_object_object_get(m->out, "strategy")),
	       json_object_get_string(json_object_object_get(m->out, "topology")),
	       json_object_get_string(json_object_object_get(m->out, "kernel")),
	       json_object_get_string(json_object_object_get(m->out, "workload")));
	if (m->is_dfs && json_object_object_get_ex(m->out, "dfs", &v))
		printf("dfs: %s; %llu schedules explored, %llu pruned by sleep sets\n",
		       m->all_exhausted && !missing ? "space exhausted" : "space NOT exhausted",
		       (unsigned long long)u64_of(v, "explored"),
		       (unsigned long long)u64_of(v, "pruned"));
	printf("schedules run: %llu\n", (unsigned long long)u64_of(m->out, "schedules"));
	printf("distinct end states: %zu\n", json_object_array_length(states));
	for (i = 0; i < json_object_array_length(states); i++) {
		struct json_object *s = json_object_array_get_idx(states, i);

		printf("  %8llu  %s\n", (unsigned long long)u64_of(s, "count"),
		       json_object_get_string(json_object_object_get(s, "state")));
	}
	printf("violations (schedules violating each property):\n");
	{
		json_object_object_foreach(viol, prop, count)
			printf("  %-18s %llu\n", prop, (unsigned long long)json_object_get_uint64(count));
	}
	{
		json_object_object_foreach(first, prop, sched)
			printf("violation: %s schedule=%s\n", prop, json_object_get_string(sched));
	}
}

/* The violations merged so far, summed over the properties: for the progress line. */
static uint64_t violations_so_far(const struct merged *m)
{
	struct json_object *viol;
	uint64_t n = 0;

	if (!m->out || !json_object_object_get_ex(m->out, "violations", &viol))
		return 0;
	json_object_object_foreach(viol, prop, count)
	{
		(void)prop;
		n += (uint64_t)json_object_get_uint64(count);
	}
	return n;
}

static bool is_option(const char *arg)
{
	return !strcmp(arg, "--json") || !strcmp(arg, "--progress") || !strcmp(arg, "--quiet");
}

static bool any_violation(const struct merged *m)
{
	struct json_object *viol;

	if (!json_object_object_get_ex(m->out, "violations", &viol))
		return false;
	json_object_object_foreach(viol, prop, count)
	{
		(void)prop;
		if (json_object_get_uint64(count))
			return true;
	}
	return false;
}

int cmd_merge(int argc, char **argv)
{
	struct merged m = { 0 };
	struct tool_opts o = { 0 };	/* only --progress and --quiet, for the progress line */
	struct tool_progress prog;
	bool json = false;
	int i, ret = 0, missing = 0, files = 0, done = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(merge_usage, stdout);
			return EXIT_CLEAN;
		}
		if (!strcmp(argv[i], "--json")) {
			json = true;
			continue;
		}
		if (!strcmp(argv[i], "--progress") || !strcmp(argv[i], "--quiet")) {
			*(argv[i][2] == 'p' ? &o.progress : &o.quiet) = true;
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "cxlsim merge: unknown option '%s' (see cxlsim merge --help)\n",
				argv[i]);
			return EXIT_USAGE;
		}
		files++;
	}
	if (!files) {
		fprintf(stderr, "cxlsim merge: which files? (see cxlsim merge --help)\n");
		return EXIT_USAGE;
	}
	if (o.progress && o.quiet) {
		fprintf(stderr, "cxlsim merge: --progress and --quiet contradict each other\n");
		return EXIT_USAGE;
	}
	tool_progress_init(&prog, "merge", &o, (uint64_t)files, "files");
	prog.viol = "violations";
	for (i = 1; i < argc && !ret; i++) {
		if (is_option(argv[i]))
			continue;
		ret = merge_one(&m, argv[i]);
		if (!ret)
			tool_progress_update(&prog, (uint64_t)++done, violations_so_far(&m));
	}
	tool_progress_end(&prog);
	if (!ret) {
		for (i = 0; i < m.nr_shards; i++)
			missing += !m.seen[i];
		if (m.is_dfs) {
			struct json_object *d;

			json_object_object_get_ex(m.out, "dfs", &d);
			json_object_object_add(d, "exhausted",
					       json_object_new_boolean(m.all_exhausted && !missing));
		}
		json_object_object_add(m.out, "shard", json_object_new_int(-1));
		json_object_object_add(m.out, "shards_merged",
				       json_object_new_int(m.nr_shards - missing));
		if (json)
			puts(json_object_to_json_string_ext(m.out, JSON_C_TO_STRING_PRETTY |
								   JSON_C_TO_STRING_NOSLASHESCAPE));
		else
			print_text(&m, missing);
		if (missing)
			fprintf(stderr, "cxlsim merge: %d of %d shards missing: the search is "
					"not complete\n", missing, m.nr_shards);
		ret = any_violation(&m) ? EXIT_VIOLATION : EXIT_CLEAN;
	}
	json_object_put(m.out);
	json_object_put(m.first_by);
	free(m.seen);
	return ret;
}
