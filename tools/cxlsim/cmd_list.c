// SPDX-License-Identifier: LGPL-2.1-or-later
/* cxlsim list: one schedule, then the CXL topology it ended with, as `cxl list` prints it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cxlsim/cxlsim.h>

#include "api/ctx.h"
#include "cxlsim.h"

static const char list_usage[] =
	"usage: cxlsim list [OPTIONS] [-B] [-P] [-E] [-M] [-D] [-R] [-T] [-i]\n"
	"Run one schedule and print the CXL objects it ended with as JSON in the shape\n"
	"of ndctl's `cxl list` (docs/cxl-list.md).\n\n"
	"  -B, --buses           the CXL root (root0) and its host-bridge dports\n"
	"  -P, --ports           host-bridge and switch ports\n"
	"  -E, --endpoints       endpoint ports\n"
	"  -M, --memdevs         memory devices\n"
	"  -D, --decoders        root (CFMWS), switch and endpoint decoders\n"
	"  -R, --regions         regions\n"
	"  -T, --targets         dports, decoder targets and region mappings\n"
	"  -i, --idle            disabled objects too\n"
	"                        (no object option: -BPEMDRT, every object)\n"
	"  --seed N              seed of the random strategy (default 0)\n"
	"  --schedule S          replay schedule S instead (from run or explore)\n"
	"  --model NAME          what to simulate (see cxlsim models)\n"
	"  --topology T          model option: topology name or JSON file (see below)\n"
	"  --topology-from-cxl-list F  model option: topology from saved `cxl list` JSON\n"
	"  --kernel VARIANT      model option: kernel variant\n"
	"  --workload W          model option: workload (see below)\n"
	TOOL_HELP_BUILTIN
	"  --max-steps N         scheduling points before the run counts as a livelock\n\n"
	"The JSON goes to stdout; violations of the run go to stderr as `violation:` lines.\n"
	"Exit: 0 clean, 1 violation, 2 bad usage or input.\n";

static const struct {
	char letter;
	const char *name;
	unsigned int flag;
} list_flags[] = {
	{ 'B', "--buses", CXLSIM__LIST_BUSES },		{ 'P', "--ports", CXLSIM__LIST_PORTS },
	{ 'E', "--endpoints", CXLSIM__LIST_ENDPOINTS }, { 'M', "--memdevs", CXLSIM__LIST_MEMDEVS },
	{ 'D', "--decoders", CXLSIM__LIST_DECODERS },	{ 'R', "--regions", CXLSIM__LIST_REGIONS },
	{ 'T', "--targets", CXLSIM__LIST_TARGETS },	{ 'i', "--idle", CXLSIM__LIST_IDLE },
};

#define NR_LIST_FLAGS (sizeof(list_flags) / sizeof(list_flags[0]))

/* The flags of one argument ("-BPEMDT", "--ports"), or 0 when it is not a list flag. */
static unsigned int arg_flags(const char *arg)
{
	unsigned int flags = 0;
	size_t i;

	if (!strncmp(arg, "--", 2)) {
		for (i = 0; i < NR_LIST_FLAGS; i++)
			if (!strcmp(arg, list_flags[i].name))
				return list_flags[i].flag;
		return 0;
	}
	if (arg[0] != '-' || !arg[1])
		return 0;
	for (arg++; *arg; arg++) {
		for (i = 0; i < NR_LIST_FLAGS && list_flags[i].letter != *arg; i++)
			;
		if (i == NR_LIST_FLAGS)
			return 0;
		flags |= list_flags[i].flag;
	}
	return flags;
}

/* Print the selected violations to stderr; returns how many. */
static size_t report_violations(const struct tool_opts *o, const struct cxlsim__engine *e)
{
	size_t i, n = 0;

	for (i = 0; i < cxlsim_ctx_violation_count(e->ctx); i++) {
		const char *prop, *msg;

		cxlsim_ctx_violation(e->ctx, i, &prop, &msg);
		if (!tool_property_selected(o, prop))
			continue;
		fprintf(stderr, "violation: %s: %s\n", prop, msg);
		n++;
	}
	return n;
}

static int list_one(const struct tool_opts *o, unsigned int flags)
{
	struct cxlsim__engine e;
	char *text;
	int ret = tool_engine("list", o, &e);

	if (ret)
		return ret;
	if (!e.model->list) {
		fprintf(stderr, "cxlsim list: model '%s' has no CXL topology to list\n",
			e.model->name);
		tool_engine_free(&e);
		return EXIT_USAGE;
	}
	ret = o->schedule ? tool_schedule_check("list", o->schedule) : 0;
	if (!ret) {
		int err = o->schedule ? cxlsim_ctx_set_replay(e.ctx, o->schedule) :
					cxlsim_ctx_set_random(e.ctx, o->seed);

		if (err) {
			fprintf(stderr, "cxlsim list: %s\n", cxlsim_strerror(err));
			ret = EXIT_USAGE;
		}
	}
	if (ret) {
		tool_engine_free(&e);
		return ret;
	}
	ret = cxlsim__engine_run(&e);
	if (ret) {
		fprintf(stderr, "cxlsim list: the run failed: %s\n", cxlsim_strerror(ret));
		tool_engine_free(&e);
		return EXIT_USAGE;
	}
	if (o->schedule) {
		ret = tool_schedule_fit("list", o->schedule, &e);
		if (ret) {
			tool_engine_free(&e);
			return ret;
		}
	}
	text = e.model->list(cxlsim__ctx_sim(e.ctx), e.priv, flags);
	if (!text) {
		fprintf(stderr, "cxlsim list: %s\n", cxlsim_strerror(-ENOMEM));
		tool_engine_free(&e);
		return EXIT_USAGE;
	}
	puts(text);
	free(text);
	ret = report_violations(o, &e) ? EXIT_VIOLATION : EXIT_CLEAN;
	tool_engine_free(&e);
	return ret;
}

int cmd_list(int argc, char **argv)
{
	char **rest = calloc((size_t)argc + 1, sizeof(*rest));
	unsigned int flags = 0, f;
	struct tool_opts o;
	int i, n = 0, ret;
	bool seed = false;

	if (!rest)
		return EXIT_USAGE;
	/* The object options are ndctl's short letters; the shared parser never sees them. */
	for (i = 0; i < argc; i++) {
		f = i ? arg_flags(argv[i]) : 0;
		if (f) {
			flags |= f;
			continue;
		}
		seed |= !strcmp(argv[i], "--seed") || !strncmp(argv[i], "--seed=", 7);
		rest[n++] = argv[i];
	}
	ret = tool_parse("list", list_usage, n, rest, &o, NULL);
	free(rest);
	if (ret)
		return ret < 0 ? EXIT_CLEAN : ret;
	if (o.schedule && seed) {
		fprintf(stderr, "cxlsim list: give --seed or --schedule, not both\n");
		return EXIT_USAGE;
	}
	/* Only -T or -i: every object kind, with them. */
	if (!(flags & (CXLSIM__LIST_ALL & ~CXLSIM__LIST_TARGETS)))
		flags |= CXLSIM__LIST_ALL;
	return list_one(&o, flags);
}
