// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cxlsim/cxlsim.h>

#include "api/ctx.h"
#include "cxl/topology.h"
#include "cxl/workloads.h"
#include "cxlsim.h"

enum {
	OPT_MODEL = 256,
	OPT_TOPOLOGY,
	OPT_KERNEL,
	OPT_WORKLOAD,
	OPT_SEED,
	OPT_RUNS,
	OPT_MAX_STEPS,
	OPT_SCHEDULE,
	OPT_TRACE,
	OPT_TIMELINE,
	OPT_DOT,
	OPT_CHECK_DET,
	OPT_JSON,
	OPT_QUIET,
	OPT_PROPERTY,
	OPT_STRATEGY,
	OPT_DEPTH,
	OPT_NO_SHRINK,
	OPT_PREEMPTIONS,
	OPT_NO_POR,
	OPT_REDUCTION,
	OPT_EXACT_BOUND,
	OPT_SHARD,
	OPT_SHARD_COUNT,
	OPT_CHECKPOINT,
	OPT_MAX_SCHEDULES,
	OPT_MAX_SECONDS,
	OPT_THEN,
	OPT_FAULTS,
	OPT_EXECUTOR,
	OPT_ITERATIONS,
	OPT_THREADS,
	OPT_HELP,
	OPT_TOPO_CXL_LIST,
	OPT_END_STATE,
	OPT_BUILTIN,
	OPT_LINK_ORDER,
	OPT_PROGRESS,
	OPT_JOBS,
};

static const struct option long_opts[] = {
	{ "model", required_argument, NULL, OPT_MODEL },
	{ "topology", required_argument, NULL, OPT_TOPOLOGY },
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "workload", required_argument, NULL, OPT_WORKLOAD },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "runs", required_argument, NULL, OPT_RUNS },
	{ "max-steps", required_argument, NULL, OPT_MAX_STEPS },
	{ "schedule", required_argument, NULL, OPT_SCHEDULE },
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "timeline", required_argument, NULL, OPT_TIMELINE },
	{ "dot", required_argument, NULL, OPT_DOT },
	{ "check-determinism", no_argument, NULL, OPT_CHECK_DET },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "property", required_argument, NULL, OPT_PROPERTY },
	{ "strategy", required_argument, NULL, OPT_STRATEGY },
	{ "depth", required_argument, NULL, OPT_DEPTH },
	{ "no-shrink", no_argument, NULL, OPT_NO_SHRINK },
	{ "preemptions", required_argument, NULL, OPT_PREEMPTIONS },
	{ "no-por", no_argument, NULL, OPT_NO_POR },
	{ "reduction", required_argument, NULL, OPT_REDUCTION },
	{ "exact-bound", no_argument, NULL, OPT_EXACT_BOUND },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "shard-count", required_argument, NULL, OPT_SHARD_COUNT },
	{ "checkpoint", required_argument, NULL, OPT_CHECKPOINT },
	{ "max-schedules", required_argument, NULL, OPT_MAX_SCHEDULES },
	{ "max-seconds", required_argument, NULL, OPT_MAX_SECONDS },
	{ "then", required_argument, NULL, OPT_THEN },
	{ "faults", required_argument, NULL, OPT_FAULTS },
	{ "executor", required_argument, NULL, OPT_EXECUTOR },
	{ "iterations", required_argument, NULL, OPT_ITERATIONS },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "topology-from-cxl-list", required_argument, NULL, OPT_TOPO_CXL_LIST },
	{ "end-state", required_argument, NULL, OPT_END_STATE },
	{ "builtin", required_argument, NULL, OPT_BUILTIN },
	{ "link-order", required_argument, NULL, OPT_LINK_ORDER },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "jobs", required_argument, NULL, OPT_JOBS },
	{ NULL, 0, NULL, 0 },
};

bool tool_decimal(const char *arg, uint64_t max, uint64_t *out, char *why, size_t n)
{
	const char *p = arg;
	uint64_t v = 0;

	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned int d = (unsigned int)(*p - '0');

		if (v > (max - d) / 10) {
			snprintf(why, n, "'%s' is larger than %llu", arg, (unsigned long long)max);
			return false;
		}
		v = v * 10 + d;
	}
	if (p == arg || *p) {
		snprintf(why, n, "'%s' is not a decimal number", arg);
		return false;
	}
	*out = v;
	return true;
}

static int parse_u64(const char *cmd, const char *opt, const char *arg, uint64_t *out)
{
	char why[160];

	if (tool_decimal(arg, UINT64_MAX, out, why, sizeof(why)))
		return 0;
	fprintf(stderr, "cxlsim %s: --%s: %s\n", cmd, opt, why);
	return EXIT_USAGE;
}

/* --@opt is @a or @b: *@is_b says which. */
static int parse_either(const char *cmd, const char *opt, const char *arg, const char *a,
			const char *b, bool *is_b)
{
	if (strcmp(arg, a) && strcmp(arg, b)) {
		fprintf(stderr, "cxlsim %s: --%s is '%s' or '%s', not '%s'\n", cmd, opt, a, b, arg);
		return EXIT_USAGE;
	}
	*is_b = !strcmp(arg, b);
	return 0;
}

/* "alloc,probe,defer" -> CXLSIM_FAULT_* */
static int parse_faults(const char *cmd, const char *arg, unsigned int *out)
{
	const char *bad;
	size_t len;

	if (cxlsim__faults_parse(arg, out, &bad, &len)) {
		fprintf(stderr, "cxlsim %s: --faults: unknown fault '%.*s' (alloc, probe, defer)\n",
			cmd, (int)len, bad);
		return EXIT_USAGE;
	}
	if (!*out) {
		fprintf(stderr, "cxlsim %s: --faults wants a list such as alloc,probe,defer\n", cmd);
		return EXIT_USAGE;
	}
	return 0;
}

/*
 * --shard auto: the array-job engines that set a task's index in its environment.
 * base: the value of the first task (Slurm: SLURM_ARRAY_TASK_MIN, GNU parallel: 1).
 * PARALLEL_JOBSLOT is not used for the index: a slot runs many jobs one after another.
 */
struct shard_source {
	const char *name, *index_var, *count_var;
};

static const struct shard_source shard_sources[] = {
	{ "Slurm", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT" },
	{ "Kubernetes", "JOB_COMPLETION_INDEX", NULL },
	{ "GNU parallel", "PARALLEL_SEQ", NULL },
};

/* A decimal number from the environment variable @var into *@out. */
static int env_number(const char *cmd, const char *var, unsigned long long *out)
{
	const char *v = getenv(var);
	char *end;

	errno = 0;
	*out = v && *v >= '0' && *v <= '9' ? strtoull(v, &end, 10) : 0;
	if (!v || *v < '0' || *v > '9' || errno || *end || *out > 1000000000ull) {
		fprintf(stderr, "cxlsim %s: --shard auto: %s is '%s', not a number\n", cmd, var,
			v ? v : "");
		return EXIT_USAGE;
	}
	return 0;
}

/* Resolve --shard auto into o->shard and o->nr_shards; @count is --shard-count (0 = none). */
static int shard_auto(const char *cmd, struct tool_opts *o, unsigned long long count)
{
	unsigned long long index = 0, n = 0, id, base, step, c;
	const char *from = NULL;
	size_t k;
	int ret;

	if (!count && getenv("CXLSIM_SHARD_COUNT")) {
		ret = env_number(cmd, "CXLSIM_SHARD_COUNT", &count);
		if (ret)
			return ret;
	}
	for (k = 0; k < sizeof(shard_sources) / sizeof(shard_sources[0]); k++) {
		const struct shard_source *s = &shard_sources[k];

		if (!getenv(s->index_var))
			continue;
		ret = env_number(cmd, s->index_var, &id);
		if (ret)
			return ret;
		base = k == 2 ? 1 : 0;
		step = 1;
		if (k == 0 && getenv("SLURM_ARRAY_TASK_MIN") &&
		    (ret = env_number(cmd, "SLURM_ARRAY_TASK_MIN", &base)))
			return ret;
		if (k == 0 && getenv("SLURM_ARRAY_TASK_STEP") &&
		    (ret = env_number(cmd, "SLURM_ARRAY_TASK_STEP", &step)))
			return ret;
		if (id < base || !step || (id - base) % step) {
			fprintf(stderr, "cxlsim %s: --shard auto: %s=%llu is not a task of the array "
				"(first %llu, step %llu)\n", cmd, s->index_var, id, base, step);
			return EXIT_USAGE;
		}
		id = (id - base) / step;
		c = count;
		if (s->count_var && getenv(s->count_var)) {
			ret = env_number(cmd, s->count_var, &c);
			if (ret)
				return ret;
			if (count && c != count) {
				fprintf(stderr, "cxlsim %s: --shard auto: %s=%llu but the shard count "
					"given is %llu\n", cmd, s->count_var, c, count);
				return EXIT_USAGE;
			}
		}
		if (from && (id != index || (c && n && c != n))) {
			fprintf(stderr, "cxlsim %s: --shard auto: %s and %s disagree on the shard "
				"(%llu and %llu)\n", cmd, from, s->name, index, id);
			return EXIT_USAGE;
		}
		if (!from || !n)
			n = c;
		index = id;
		from = s->name;
	}
	if (!from) {
		fprintf(stderr, "cxlsim %s: --shard auto: no array job found (SLURM_ARRAY_TASK_ID, "
			"JOB_COMPLETION_INDEX or PARALLEL_SEQ)\n", cmd);
		return EXIT_USAGE;
	}
	if (!n) {
		fprintf(stderr, "cxlsim %s: --shard auto: %s gives no shard count: add --shard-count "
			"N or CXLSIM_SHARD_COUNT=N\n", cmd, from);
		return EXIT_USAGE;
	}
	if (n > 1000000 || index >= n) {
		fprintf(stderr, "cxlsim %s: --shard auto: %s task %llu is out of range for %llu "
			"shards\n", cmd, from, index, n);
		return EXIT_USAGE;
	}
	o->shard = (unsigned int)index;
	o->nr_shards = (unsigned int)n;
	return 0;
}

/* "I/N" with I < N */
static int parse_shard(const char *cmd, const char *arg, unsigned int *i, unsigned int *n)
{
	const char *slash = strchr(arg, '/');
	char first[32], why[160];
	uint64_t a = 0, b = 0;
	bool ok = slash && (size_t)(slash - arg) < sizeof(first);

	if (ok) {
		snprintf(first, sizeof(first), "%.*s", (int)(slash - arg), arg);
		ok = tool_decimal(first, 1000000, &a, why, sizeof(why)) &&
		     tool_decimal(slash + 1, 1000000, &b, why, sizeof(why)) && b && a < b;
	}
	if (!ok) {
		fprintf(stderr, "cxlsim %s: --shard wants I/N with 0 <= I < N <= 1000000 in decimal, "
			"not '%s'\n", cmd, arg);
		return EXIT_USAGE;
	}
	*i = (unsigned int)a;
	*n = (unsigned int)b;
	return 0;
}

/* @text's lines, each after @indent spaces (or after @first on the first line). */
static void print_indented(FILE *f, const char *first, const char *text)
{
	const char *p = text, *nl;
	int col = 24;

	for (; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		if (p == text)
			fprintf(f, "  %-*s%.*s\n", col - 2, first, (int)(nl - p), p);
		else
			fprintf(f, "%*s%.*s\n", col, "", (int)(nl - p), p);
		if (!*nl)
			break;
	}
}

void tool_print_model_names(const char *usage, FILE *f)
{
	const struct cxl_topo_builtin_desc *t;
	const struct cxl_workload_desc *w;
	bool topology = strstr(usage, "--topology T"), workload = strstr(usage, "--workload W");

	if (!topology && !workload)
		return;
	if (workload) {
		fputs("\nWorkloads (--workload; --model cxl):\n", f);
		for (w = cxl_workloads; w->name; w++)
			print_indented(f, w->name, w->help);
	}
	if (topology) {
		fputs("\nTopologies (--topology):\n", f);
		for (t = cxl_topo_builtins; t->name; t++)
			print_indented(f, t->name, t->help);
		print_indented(f, "gen:N", "N memdevs spread over host bridges, root ports\n"
			       "and switches, for scale runs");
		print_indented(f, "FILE", "a topology in JSON (docs/topology-format.md)");
	}
}

int tool_parse(const char *cmd, const char *usage, int argc, char **argv, struct tool_opts *o,
	       const char **positional)
{
	bool end_state_set = false, jobs_set = false, shard_is_auto = false;
	uint64_t shard_count = 0;
	int c, ret;

	memset(o, 0, sizeof(*o));
	o->model = "cxl";
	if (!cxlsim__model_find(o->model))
		o->model = "demo";
	o->runs = 1000;
	o->trace = "text";
	o->strategy = "random";
	o->depth = 3;
	o->preemptions = -1;
	o->iterations = 100;
	o->machines = 0;
	if (positional)
		*positional = NULL;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hj:", long_opts, NULL)) != -1) {
		ret = 0;
		switch (c) {
		case OPT_MODEL:
			o->model = optarg;
			break;
		case OPT_TOPOLOGY:
			o->mopts.topology = optarg;
			break;
		case OPT_TOPO_CXL_LIST:
			o->mopts.topology_cxl_list = optarg;
			break;
		case OPT_KERNEL:
			o->mopts.kernel = optarg;
			break;
		case OPT_WORKLOAD:
			o->mopts.workload = optarg;
			break;
		case OPT_BUILTIN:
			/* The model checks the names against its modules. */
			o->mopts.builtin = optarg;
			break;
		case OPT_LINK_ORDER: {
			bool any = false;

			ret = parse_either(cmd, "link-order", optarg, "makefile", "any", &any);
			o->mopts.link_order = any ? "any" : "makefile";
			break;
		}
		case OPT_SEED:
			ret = parse_u64(cmd, "seed", optarg, &o->seed);
			break;
		case OPT_RUNS:
			ret = parse_u64(cmd, "runs", optarg, &o->runs);
			o->runs_set = true;
			break;
		case OPT_MAX_STEPS:
			ret = parse_u64(cmd, "max-steps", optarg, &o->max_steps);
			break;
		case OPT_SCHEDULE:
			o->schedule = optarg;
			break;
		case OPT_TRACE:
			if (strcmp(optarg, "text") && strcmp(optarg, "none") &&
			    strcmp(optarg, "jsonl")) {
				fprintf(stderr,
					"cxlsim %s: --trace is 'text', 'jsonl FILE' or 'none', not '%s'\n",
					cmd, optarg);
				return EXIT_USAGE;
			}
			o->trace = optarg;
			if (strcmp(optarg, "jsonl"))
				break;
			/* --trace jsonl FILE: the file is the next word ("-" is stdout). */
			if (optind >= argc || (argv[optind][0] == '-' && argv[optind][1])) {
				fprintf(stderr, "cxlsim %s: --trace jsonl wants a file ('-' for "
					"standard output)\n", cmd);
				return EXIT_USAGE;
			}
			o->trace_file = argv[optind++];
			break;
		case OPT_TIMELINE:
			o->timeline = optarg;
			break;
		case OPT_DOT:
			o->dot = optarg;
			break;
		case OPT_CHECK_DET:
			o->check_determinism = true;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_QUIET:
			o->quiet = true;
			break;
		case OPT_PROPERTY:
			if (o->nr_properties == MAX_PROPERTY_FILTERS) {
				fprintf(stderr, "cxlsim %s: at most %d --property options\n", cmd,
					MAX_PROPERTY_FILTERS);
				return EXIT_USAGE;
			}
			o->properties[o->nr_properties++] = optarg;
			break;
		case OPT_STRATEGY:
			if (strcmp(optarg, "random") && strcmp(optarg, "pct") &&
			    strcmp(optarg, "dfs")) {
				fprintf(stderr,
					"cxlsim %s: unknown strategy '%s' (random, pct or dfs)\n",
					cmd, optarg);
				return EXIT_USAGE;
			}
			o->strategy = optarg;
			break;
		case OPT_NO_SHRINK:
			o->no_shrink = true;
			break;
		case OPT_PREEMPTIONS: {
			uint64_t b;

			ret = parse_u64(cmd, "preemptions", optarg, &b);
			if (ret)
				break;
			if (b > 1000000) {
				fprintf(stderr, "cxlsim %s: --preemptions is at most 1000000\n", cmd);
				return EXIT_USAGE;
			}
			o->preemptions = (int64_t)b;
			break;
		}
		case OPT_NO_POR:
			o->no_por = true;
			break;
		case OPT_EXACT_BOUND:
			o->exact_bound = true;
			break;
		case OPT_REDUCTION:
			if (!strcmp(optarg, "none")) {
				o->no_por = true;
			} else if (!strcmp(optarg, "sleep")) {
				o->sleep_only = true;
			} else if (strcmp(optarg, "source")) {
				fprintf(stderr, "cxlsim %s: --reduction is none, sleep or source, not '%s'\n",
					cmd, optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_END_STATE:
			ret = parse_either(cmd, "end-state", optarg, "short", "full",
					   &o->end_state_full);
			end_state_set = true;
			break;
		case OPT_SHARD:
			shard_is_auto = !strcmp(optarg, "auto");
			if (!shard_is_auto)
				ret = parse_shard(cmd, optarg, &o->shard, &o->nr_shards);
			break;
		case OPT_SHARD_COUNT:
			ret = parse_u64(cmd, "shard-count", optarg, &shard_count);
			if (!ret && (shard_count < 1 || shard_count > 1000000)) {
				fprintf(stderr, "cxlsim %s: --shard-count is between 1 and 1000000\n",
					cmd);
				return EXIT_USAGE;
			}
			break;
		case OPT_CHECKPOINT:
			o->checkpoint = optarg;
			break;
		case OPT_MAX_SCHEDULES:
			ret = parse_u64(cmd, "max-schedules", optarg, &o->max_schedules);
			break;
		case OPT_MAX_SECONDS:
			ret = parse_u64(cmd, "max-seconds", optarg, &o->max_seconds);
			break;
		case OPT_THEN:
			if (strcmp(optarg, "random")) {
				fprintf(stderr, "cxlsim %s: --then takes 'random', not '%s'\n", cmd,
					optarg);
				return EXIT_USAGE;
			}
			o->then = optarg;
			break;
		case OPT_FAULTS:
			ret = parse_faults(cmd, optarg, &o->faults);
			break;
		case OPT_EXECUTOR:
			ret = parse_either(cmd, "executor", optarg, "coroutine", "threads",
					   &o->threads);
			break;
		case OPT_ITERATIONS:
			ret = parse_u64(cmd, "iterations", optarg, &o->iterations);
			break;
		case OPT_THREADS:
			ret = parse_u64(cmd, "threads", optarg, &o->machines);
			if (!ret && (o->machines < 1 || o->machines > 1024)) {
				fprintf(stderr, "cxlsim %s: --threads is between 1 and 1024\n", cmd);
				return EXIT_USAGE;
			}
			break;
		case OPT_DEPTH:
			ret = parse_u64(cmd, "depth", optarg, &o->depth);
			if (!ret && (o->depth < 1 || o->depth > 16)) {
				fprintf(stderr, "cxlsim %s: --depth is between 1 and 16\n", cmd);
				return EXIT_USAGE;
			}
			break;
		case OPT_PROGRESS:
			o->progress = true;
			break;
		case 'j':
		case OPT_JOBS: {
			uint64_t j;

			ret = parse_u64(cmd, "jobs", optarg, &j);
			if (ret)
				break;
			if (!j) {
				long n = sysconf(_SC_NPROCESSORS_ONLN);

				j = n > 0 ? (uint64_t)n : 1;
			}
			if (j > 1024) {
				fprintf(stderr, "cxlsim %s: -j is at most 1024\n", cmd);
				return EXIT_USAGE;
			}
			o->jobs = (unsigned int)j;
			jobs_set = true;
			break;
		}
		case 'h':
		case OPT_HELP:
			fputs(usage, stdout);
			tool_print_model_names(usage, stdout);
			return -1;
		default:
			fprintf(stderr, "cxlsim %s: unknown or incomplete option '%s' (see cxlsim %s --help)\n",
				cmd, argv[optind - 1], cmd);
			return EXIT_USAGE;
		}
		if (ret)
			return ret;
	}
	if ((o->timeline || o->dot || o->trace_file) && strcmp(cmd, "run") &&
	    strcmp(cmd, "replay")) {
		fprintf(stderr, "cxlsim %s: --trace jsonl, --timeline and --dot belong to run and "
			"replay\n", cmd);
		return EXIT_USAGE;
	}
	if (shard_count && !shard_is_auto) {
		fprintf(stderr, "cxlsim %s: --shard-count goes with --shard auto\n", cmd);
		return EXIT_USAGE;
	}
	if (shard_is_auto) {
		ret = shard_auto(cmd, o, shard_count);
		if (ret)
			return ret;
	}
	if (end_state_set && strcmp(cmd, "explore")) {
		fprintf(stderr, "cxlsim %s: --end-state belongs to explore\n", cmd);
		return EXIT_USAGE;
	}
	if (jobs_set && strcmp(cmd, "explore")) {
		fprintf(stderr, "cxlsim %s: -j belongs to explore\n", cmd);
		return EXIT_USAGE;
	}
	if (o->progress && o->quiet) {
		fprintf(stderr, "cxlsim %s: --progress and --quiet contradict each other\n", cmd);
		return EXIT_USAGE;
	}
	if (optind < argc) {
		if (!positional || optind + 1 < argc) {
			fprintf(stderr, "cxlsim %s: unexpected argument '%s'\n", cmd,
				argv[positional ? optind + 1 : optind]);
			return EXIT_USAGE;
		}
		*positional = argv[optind];
	}
	return 0;
}

bool tool_property_selected(const struct tool_opts *o, const char *property)
{
	int i;

	if (!o->nr_properties)
		return true;
	for (i = 0; i < o->nr_properties; i++)
		if (!strcmp(o->properties[i], property))
			return true;
	return false;
}

int tool_engine(const char *cmd, const struct tool_opts *o, struct cxlsim__engine *e)
{
	const struct cxlsim__model *m = cxlsim__model_find(o->model);
	struct cxlsim_opts copts = { .size = sizeof(copts), .max_steps = o->max_steps,
				     .faults = o->faults,
				     .executor = o->threads ? CXLSIM_EXECUTOR_THREADS :
							      CXLSIM_EXECUTOR_COROUTINE };
	struct cxlsim_ctx *ctx;
	char err[512] = "";
	int i, ret;

	if (!m) {
		const char *why = cxlsim__model_absent_reason(o->model);

		if (why)
			fprintf(stderr, "cxlsim %s: --model %s is not built in: %s\n", cmd, o->model,
				why);
		else
			fprintf(stderr, "cxlsim %s: unknown model '%s' (see cxlsim models)\n", cmd,
				o->model);
		return EXIT_USAGE;
	}
	for (i = 0; i < o->nr_properties; i++) {
		const char *const *p = m->properties;

		while (*p && strcmp(*p, o->properties[i]))
			p++;
		if (!*p) {
			fprintf(stderr, "cxlsim %s: model '%s' has no property '%s'\n", cmd, m->name,
				o->properties[i]);
			return EXIT_USAGE;
		}
	}
	ret = cxlsim_ctx_new(&ctx, &copts);
	if (ret) {
		fprintf(stderr, "cxlsim %s: %s\n", cmd, cxlsim_strerror(ret));
		return EXIT_USAGE;
	}
	ret = cxlsim__engine_init(e, ctx, m, &o->mopts, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "%s\n", err[0] ? err : cxlsim_strerror(ret));
		cxlsim_ctx_free(ctx);
		return EXIT_USAGE;
	}
	return 0;
}

void tool_engine_free(struct cxlsim__engine *e)
{
	struct cxlsim_ctx *ctx = e->ctx;

	cxlsim__engine_release(e);
	cxlsim_ctx_free(ctx);
}
