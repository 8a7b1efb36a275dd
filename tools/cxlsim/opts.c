// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <cxlsim/cxlsim.h>

#include "api/ctx.h"
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

int tool_parse(const char *cmd, const char *usage, int argc, char **argv, struct tool_opts *o,
	       const char **positional)
{
	bool end_state_set = false;
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
	while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
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
			bool any;

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
			ret = parse_shard(cmd, optarg, &o->shard, &o->nr_shards);
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
		case 'h':
		case OPT_HELP:
			fputs(usage, stdout);
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
	if (end_state_set && strcmp(cmd, "explore")) {
		fprintf(stderr, "cxlsim %s: --end-state belongs to explore\n", cmd);
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
