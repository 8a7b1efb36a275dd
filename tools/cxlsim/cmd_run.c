// SPDX-License-Identifier: LGPL-2.1-or-later
/* cxlsim run / replay: one schedule, its trace, its verdict. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cxlsim/cxlsim.h>

#include "api/ctx.h"
#include "bus/dot.h"
#include "cxlsim.h"

static const char run_usage[] =
	"usage: cxlsim run [OPTIONS]\n"
	"Run one schedule picked by the seeded random strategy and print its trace.\n\n"
	"  --seed N              seed of the random strategy (default 0)\n"
	"  --model NAME          what to simulate (see cxlsim models)\n"
	"  --topology T          model option: topology name or JSON file (see below)\n"
	"  --topology-from-cxl-list F  model option: topology from saved `cxl list` JSON\n"
	"  --kernel VARIANT      model option: kernel variant\n"
	"  --workload W          model option: workload (see below)\n"
	TOOL_HELP_BUILTIN
	"  --max-steps N         scheduling points before the run counts as a livelock\n"
	"  --executor E          coroutine (default: deterministic, replayable) or threads\n"
	"                        (real threads, the OS interleaves; nothing to replay)\n"
	"  --trace text|none     print the trace (default text; coloured on a terminal\n"
	"                        unless NO_COLOR is set)\n"
	"  --trace jsonl FILE    write the trace as JSON lines to FILE ('-': standard\n"
	"                        output, the verdict then goes to standard error)\n"
	"  --timeline FILE       write a Chrome trace-event timeline (Perfetto,\n"
	"                        chrome://tracing): one track per task\n"
	"  --dot FILE            write the device tree at the end of the run as Graphviz DOT\n"
	"  --check-determinism   run twice and fail at the first event that differs\n"
	"  --faults LIST         inject faults as recorded choices: alloc (a devm or\n"
	"                        kzalloc allocation fails), probe (a probe fails with\n"
	"                        -ENOMEM), defer (a probe returns -EPROBE_DEFER)\n"
	"  --property NAME       report only these properties (repeatable)\n\n"
	"Prints the trace, then `schedule: S` (give it to cxlsim replay), the outcome and\n"
	"one `violation:` line per violation.  Exit: 0 clean, 1 violation, 2 bad usage.\n"
	"docs/trace-format.md describes the JSON lines, the timeline and the DOT graph.\n";

static const char replay_usage[] =
	"usage: cxlsim replay [OPTIONS] SCHEDULE\n"
	"       cxlsim replay [OPTIONS] --schedule SCHEDULE\n"
	"Re-run a schedule printed by run or explore; the trace is byte-identical.\n"
	"Give the same --model/--topology/--kernel/--workload/--builtin/--link-order as\n"
	"the run that printed it.\n"
	"Takes the options of cxlsim run except --seed, and:\n\n"
	"  --then random         past the end of the schedule, go on with random choices\n"
	"                        (seeded by --seed) instead of no preemptions; a recorded\n"
	"                        choice that no longer fits is taken modulo the choices\n"
	"                        there are, so a schedule saved before a code change still\n"
	"                        steers the run after it\n"
	"  --seed N              with --then random: the seed (default 0)\n"
	"  --faults LIST         inject faults as choices: alloc, probe, defer (comma list)\n\n"
	"`-` is the empty schedule (every choice the first alternative).  A schedule that\n"
	"does not parse, or does not fit these inputs (a choice the run does not offer,\n"
	"choices left over when it ends), is bad usage: exit 2, saying where.\n";

/* The trace as JSON lines on standard output leaves the verdict to standard error. */
static FILE *verdict_stream(const struct tool_opts *o)
{
	return o->trace_file && !strcmp(o->trace_file, "-") ? stderr : stdout;
}

typedef int (*write_fn)(struct cxlsim__engine *e, FILE *f);

/* Open @path ("-" = stdout), write, close; EXIT_USAGE when the file fails. */
static int write_file(const char *cmd, const char *what, const char *path,
		      struct cxlsim__engine *e, write_fn fn)
{
	bool std = !strcmp(path, "-");
	FILE *f = std ? stdout : fopen(path, "w");
	int ret;

	if (!f) {
		fprintf(stderr, "cxlsim %s: cannot write the %s to %s: %s\n", cmd, what, path,
			strerror(errno));
		return EXIT_USAGE;
	}
	ret = fn(e, f);
	/* A failed write: standard output's is main()'s to report, a file's is reported here. */
	if (std ? ferror(f) : tool_fclose(f, path))
		return std ? 0 : EXIT_USAGE;
	if (ret) {
		fprintf(stderr, "cxlsim %s: writing the %s to %s failed\n", cmd, what, path);
		return EXIT_USAGE;
	}
	return 0;
}

static int put_jsonl(struct cxlsim__engine *e, FILE *f)
{
	return tool_write_jsonl(cxlsim__ctx_sim(e->ctx), f);
}

static int put_timeline(struct cxlsim__engine *e, FILE *f)
{
	char *sched = NULL;
	int ret;

	if (cxlsim_ctx_schedule(e->ctx, &sched))
		return -1;
	ret = tool_write_timeline(cxlsim__ctx_sim(e->ctx), f, sched);
	free(sched);
	return ret;
}

static int put_dot(struct cxlsim__engine *e, FILE *f)
{
	return drv_core_write_dot(cxlsim__ctx_sim(e->ctx), f);
}

/* The trace and the files asked for; EXIT_USAGE when one cannot be written. */
static int show_run(const char *cmd, const struct tool_opts *o, struct cxlsim__engine *e)
{
	int ret = 0;

	if (!strcmp(o->trace, "text"))
		tool_print_text(cxlsim__ctx_sim(e->ctx), stdout, tool_colour_wanted(stdout));
	if (o->trace_file)
		ret = write_file(cmd, "trace", o->trace_file, e, put_jsonl);
	if (!ret && o->timeline)
		ret = write_file(cmd, "timeline", o->timeline, e, put_timeline);
	if (!ret && o->dot)
		ret = write_file(cmd, "device tree", o->dot, e, put_dot);
	return ret;
}

/* Prints the verdict; returns the number of selected violations. */
static size_t print_verdict(const struct tool_opts *o, struct cxlsim__engine *e)
{
	struct sim *s = cxlsim__ctx_sim(e->ctx);
	FILE *out = verdict_stream(o);
	size_t i, n = 0;
	char *sched = NULL, outcome[256];

	if (o->threads)
		fprintf(out, "schedule: - (the thread executor records none)\n");
	else if (!cxlsim_ctx_schedule(e->ctx, &sched))
		fprintf(out, "schedule: %s\n", sched[0] ? sched : "-");
	if (e->model->outcome)
		fprintf(out, "outcome: %s\n",
			e->model->outcome(s, e->priv, outcome, sizeof(outcome)));
	for (i = 0; i < cxlsim_ctx_violation_count(e->ctx); i++) {
		const char *prop, *msg;

		cxlsim_ctx_violation(e->ctx, i, &prop, &msg);
		if (!tool_property_selected(o, prop))
			continue;
		fprintf(out, "violation: %s: %s\n", prop, msg);
		n++;
	}
	free(sched);
	return n;
}

static int set_strategy(struct cxlsim__engine *e, const struct tool_opts *o)
{
	struct sim_strategy *st;
	int ret;

	if (o->schedule && o->then) {
		/* The saved prefix, then random choices seeded by --seed. */
		ret = sim_strategy_replay_then_random(&st, o->schedule, o->seed);
		if (!ret)
			cxlsim__ctx_set_strategy(e->ctx, st);
		return ret;
	}
	return o->schedule ? cxlsim_ctx_set_replay(e->ctx, o->schedule) :
			     cxlsim_ctx_set_random(e->ctx, o->seed);
}

/* Run the same schedule in a second context and compare the traces event by event. */
static int check_determinism(const struct tool_opts *o, struct cxlsim__engine *first)
{
	struct cxlsim__engine again;
	char a[1024], b[1024];
	long at;
	int ret = tool_engine("run", o, &again);

	if (ret)
		return ret;
	if (set_strategy(&again, o) || cxlsim__engine_run(&again)) {
		tool_engine_free(&again);
		return EXIT_USAGE;
	}
	at = sim_trace_diff(cxlsim__ctx_sim(first->ctx), cxlsim__ctx_sim(again.ctx));
	if (at >= 0) {
		if (cxlsim_ctx_trace_line(first->ctx, (size_t)at, a, sizeof(a)) < 0)
			strcpy(a, "(end of trace)");
		if (cxlsim_ctx_trace_line(again.ctx, (size_t)at, b, sizeof(b)) < 0)
			strcpy(b, "(end of trace)");
		fprintf(verdict_stream(o),
			"violation: determinism: the two runs differ at event %ld\n  first:  %s\n"
			"  second: %s\n", at, a, b);
		ret = EXIT_VIOLATION;
	} else if (!o->quiet) {
		fprintf(verdict_stream(o), "determinism: two runs gave identical traces (%zu events)\n",
			cxlsim_ctx_trace_count(first->ctx));
	}
	tool_engine_free(&again);
	return ret;
}

static int run_one(const char *cmd, const struct tool_opts *o)
{
	struct cxlsim__engine e;
	size_t nr;
	int ret = tool_engine(cmd, o, &e);

	if (ret)
		return ret;
	/* Nothing will read the trace: do not record it (most of a large run's memory). */
	if (!strcmp(o->trace, "none") && !o->trace_file && !o->timeline && !o->check_determinism)
		sim_set_tracing(cxlsim__ctx_sim(e.ctx), false);
	ret = o->schedule ? tool_schedule_check(cmd, o->schedule) : 0;
	if (!ret) {
		int err = set_strategy(&e, o);

		if (err) {
			fprintf(stderr, "cxlsim %s: %s\n", cmd, cxlsim_strerror(err));
			ret = EXIT_USAGE;
		}
	}
	if (ret) {
		tool_engine_free(&e);
		return ret;
	}
	ret = cxlsim__engine_run(&e);
	if (ret) {
		fprintf(stderr, "cxlsim %s: the run failed: %s\n", cmd, cxlsim_strerror(ret));
		tool_engine_free(&e);
		return EXIT_USAGE;
	}
	/* --then random takes a choice that does not fit modulo the alternatives: it fits. */
	if (o->schedule && !o->then) {
		ret = tool_schedule_fit(cmd, o->schedule, &e);
		if (ret) {
			tool_engine_free(&e);
			return ret;
		}
	}
	ret = show_run(cmd, o, &e);
	if (ret) {
		tool_engine_free(&e);
		return ret;
	}
	nr = print_verdict(o, &e);
	ret = nr ? EXIT_VIOLATION : EXIT_CLEAN;
	if (o->check_determinism) {
		int det = check_determinism(o, &e);

		if (det)
			ret = det;
	}
	tool_engine_free(&e);
	return ret;
}

int cmd_run(int argc, char **argv)
{
	struct tool_opts o;
	int ret = tool_parse("run", run_usage, argc, argv, &o, NULL);

	if (ret)
		return ret < 0 ? EXIT_CLEAN : ret;
	if (o.schedule || o.then) {
		fprintf(stderr, "cxlsim run: --schedule and --then belong to cxlsim replay\n");
		return EXIT_USAGE;
	}
	if (o.threads && o.check_determinism) {
		fprintf(stderr, "cxlsim run: the thread executor is not deterministic; "
				"--check-determinism needs --executor coroutine\n");
		return EXIT_USAGE;
	}
	return run_one("run", &o);
}

int cmd_replay(int argc, char **argv)
{
	const char *positional;
	struct tool_opts o;
	int ret = tool_parse("replay", replay_usage, argc, argv, &o, &positional);

	if (ret)
		return ret < 0 ? EXIT_CLEAN : ret;
	if (positional && o.schedule) {
		fprintf(stderr, "cxlsim replay: give the schedule once, not twice\n");
		return EXIT_USAGE;
	}
	if (positional)
		o.schedule = positional;
	if (!o.schedule) {
		fprintf(stderr, "cxlsim replay: which schedule? (see cxlsim replay --help)\n");
		return EXIT_USAGE;
	}
	if (o.threads) {
		fprintf(stderr, "cxlsim replay: the thread executor cannot follow a schedule\n");
		return EXIT_USAGE;
	}
	return run_one("replay", &o);
}
