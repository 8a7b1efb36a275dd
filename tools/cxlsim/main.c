// SPDX-License-Identifier: LGPL-2.1-or-later
/* cxlsim: run, replay and explore driver-model interleavings. */
#include <stdio.h>
#include <string.h>

#include <cxlsim/cxlsim.h>

#include "cxlsim.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "run", cmd_run, "run one schedule from a seed and print its trace" },
	{ "replay", cmd_replay, "re-run a printed schedule, byte for byte" },
	{ "explore", cmd_explore, "run many schedules and count outcomes and violations" },
	{ "shell", cmd_shell, "an interactive shell over a machine whose scheduler you drive" },
	{ "list", cmd_list, "run one schedule and print the CXL topology as `cxl list` JSON" },
	{ "stress", cmd_stress, "run the workload again and again on real threads" },
	{ "diff-models", cmd_diff_models,
	  "compare --model linux's end states with --model cxl --kernel VARIANT's" },
	{ "merge", cmd_merge, "add up the --json summaries of explore --shard runs" },
	{ "models", cmd_models, "list the models a run can simulate" },
	{ "variants", cmd_variants, "list the kernel variants and per-patch toggles" },
	{ "demo", cmd_demo, "the headline exploration (what `make demo` shows)" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: cxlsim COMMAND [OPTIONS]\n\n"
		   "Runs the Linux driver model in user space under a deterministic scheduler\n"
		   "and explores module-load and probe interleavings.\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-11s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n`cxlsim COMMAND --help` describes each command's options.\n"
		   "Exit status: 0 no violation, 1 a property was violated, 2 bad usage or input,\n"
		   "or output that could not be written (`cxlsim: write error: REASON`),\n"
		   "3 explore -j: a worker died and the search is incomplete.\n"
		   "libcxlsim %s\n", cxlsim_version());
}

static int dispatch(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_CLEAN;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("cxlsim %s\n", cxlsim_version());
		return EXIT_CLEAN;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "cxlsim: unknown command '%s' (see cxlsim --help)\n", argv[1]);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	int ret = tool_stdout_check_open();

	if (ret)
		return ret;
	return tool_stdout_close(dispatch(argc, argv));
}
