// SPDX-License-Identifier: LGPL-2.1-or-later
/* --builtin and --link-order on run, replay, explore, list, stress and the shell. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "run_cmd.h"

/* `cxlsim ARGS` with @input on standard input (NULL: none); exit status, output in *@out. */
static int tool(const char *args, const char *input, char **out)
{
	char *cmd;
	int rc;

	assert_int_not_equal(asprintf(&cmd, "%s %s", getenv("CXLSIM_TOOL"), args), -1);
	rc = run_cmd(cmd, input, out);
	free(cmd);
	return rc;
}

/* The text after @key up to the end of its line, malloc'd. */
static char *after(const char *out, const char *key)
{
	const char *p = strstr(out, key);

	assert_non_null(p);
	p += strlen(key);
	return strndup(p, strcspn(p, "\n"));
}

CXLSIM_TEST(run_builtin_all_inits_by_level_before_udev)
{
	char *out;

	assert_int_equal(tool("run --topology minimal --builtin all", NULL, &out), 0);
	/* subsys_initcall in Makefile order, then module_init, then udev's coldplug. */
	assert_non_null(strstr(out, "initcall-level subsys 4 built-in init(s)"));
	/* drivers/Makefile links nvdimm/ before cxl/. */
	assert_true(strstr(out, "initcall libnvdimm") < strstr(out, "initcall cxl_core"));
	assert_true(strstr(out, "initcall cxl_core") < strstr(out, "initcall cxl_port"));
	assert_true(strstr(out, "initcall cxl_port") < strstr(out, "initcall cxl_acpi"));
	assert_true(strstr(out, "initcall cxl_acpi") < strstr(out, "initcall cxl_pmem"));
	assert_true(strstr(out, "initcall cxl_pmem") < strstr(out, "initcall cxl_mem"));
	assert_true(strstr(out, "initcall cxl_mem") < strstr(out, "initcall cxl_pci"));
	assert_true(strstr(out, "initcall cxl_pci") < strstr(out, "(udevadm trigger)"));
	/* Nothing is loaded as a module. */
	assert_null(strstr(out, "module-load"));
	free(out);
}

CXLSIM_TEST(replay_with_link_order_any_gives_the_same_trace)
{
	char *out, *again, *sched, *args;
	int seed;

	/* A seed whose device level puts cxl_pci's init before cxl_mem's. */
	for (seed = 0; seed < 40; seed++) {
		assert_int_not_equal(asprintf(&args, "run --kernel base --topology minimal "
					      "--builtin all --link-order any --seed %d", seed), -1);
		tool(args, NULL, &out);
		free(args);
		if (strstr(out, "initcall cxl_pci") < strstr(out, "initcall cxl_mem"))
			break;
		free(out);
	}
	assert_true(seed < 40);
	sched = after(out, "schedule: ");
	assert_int_not_equal(asprintf(&args, "replay --kernel base --topology minimal --builtin all "
				      "--link-order any %s", sched), -1);
	tool(args, NULL, &again);
	assert_string_equal(again, out);
	free(args);
	free(again);
	/*
	 * Without --link-order any there is no order to choose: the schedule is
	 * another run's, which replay says (exit 2) rather than run something else.
	 */
	assert_int_not_equal(asprintf(&args, "replay --kernel base --topology minimal --builtin all "
				      "%s", sched), -1);
	assert_int_equal(tool(args, NULL, &again), 2);
	assert_non_null(strstr(again, "cxlsim replay: the schedule does not fit this run"));
	free(args);
	free(again);
	free(sched);
	free(out);
}

CXLSIM_TEST(explore_builtin_all_under_base_keeps_memdevs_attached)
{
	char *out;

	assert_int_equal(tool("explore --kernel base --topology minimal --builtin all --runs 50 "
			      "--property memdev-attached --json", NULL, &out), 0);
	assert_non_null(strstr(out, "\"builtin\":\"all\""));
	assert_non_null(strstr(out, "\"link_order\":\"makefile\""));
	free(out);
	/* The Makefile reordered: cxl_pci's init may come first, and the race is back. */
	assert_int_equal(tool("explore --kernel base --topology minimal --builtin all "
			      "--link-order any --runs 200 --property memdev-attached --no-shrink",
			      NULL, &out), 1);
	assert_non_null(strstr(out, "violation: memdev-attached"));
	free(out);
}

CXLSIM_TEST(explore_dfs_takes_every_link_order)
{
	char *out;

	/* No preemptions: what is left to choose is the order of inits within a level. */
	assert_int_equal(tool("explore --strategy dfs --preemptions 0 --kernel base "
			      "--topology minimal --builtin all --link-order any", NULL, &out), 0);
	/*
	 * Every order of each level's inits that their suppliers allow:
	 * subsys has libnvdimm, cxl_core, cxl_port and cxl_acpi; device has
	 * cxl_pmem, cxl_mem, cxl_pci and the accelerator's driver: 192 under base.
	 */
	assert_non_null(strstr(out, "space exhausted; 192 schedules explored"));
	free(out);
	assert_int_equal(tool("explore --strategy dfs --preemptions 0 --kernel base "
			      "--topology minimal --builtin all", NULL, &out), 0);
	assert_non_null(strstr(out, "space exhausted; 1 schedules explored"));
	free(out);
}

CXLSIM_TEST(list_and_stress_take_builtin)
{
	char *out;

	assert_int_equal(tool("list --topology minimal --kernel series --builtin all -M", NULL,
			      &out), 0);
	assert_non_null(strstr(out, "\"memdev\":\"mem0\""));
	free(out);
	assert_int_equal(tool("stress --kernel series --topology minimal --builtin all "
			      "--iterations 3", NULL, &out), 0);
	free(out);
}

CXLSIM_TEST(builtin_options_refuse_bad_values)
{
	char *out;

	assert_int_equal(tool("run --builtin cxl_nosuch", NULL, &out), 2);
	assert_non_null(strstr(out, "--builtin: unknown module 'cxl_nosuch' (all, none, or a "
				    "comma list of: cxl_core, cxl_acpi, cxl_port, cxl_mem, cxl_pci"));
	free(out);
	assert_int_equal(tool("explore --kernel series --builtin cxl_pci", NULL, &out), 2);
	assert_non_null(strstr(out, "cxl_pci cannot be built in while cxl_mem"));
	free(out);
	assert_int_equal(tool("replay --link-order linker A", NULL, &out), 2);
	assert_non_null(strstr(out, "--link-order is 'makefile' or 'any', not 'linker'"));
	free(out);
	assert_int_equal(tool("shell --builtin bogus", "", &out), 2);
	assert_non_null(strstr(out, "unknown module 'bogus'"));
	free(out);
	assert_int_equal(tool("run --model demo --builtin all", NULL, &out), 2);
	assert_non_null(strstr(out, "takes no --builtin"));
	free(out);
}

CXLSIM_TEST(shell_with_builtin_modules_refuses_their_rmmod_and_replays)
{
	char *out, *replay, *again;

	assert_int_equal(tool("shell --topology minimal --builtin cxl_core,cxl_port",
			      "lsmod\nrmmod cxl_port\nrun\nmodprobe cxl_acpi\nrun\nlsmod\nsave\n",
			      &out), 0);
	assert_non_null(strstr(out, "built in: cxl_core,cxl_port (their inits ran at boot)"));
	assert_non_null(strstr(out, "built in (not listed by lsmod): cxl_core cxl_port"));
	assert_non_null(strstr(out, "[4] rmmod cxl_port: failed: module cxl_port is built in"));
	/* modprobe cxl_acpi: its softdep and dependency are built in, nothing else loads. */
	assert_non_null(strstr(out, "cxl_acpi         live     -"));
	replay = after(out, "replay: cxlsim ");
	assert_non_null(strstr(replay, "--builtin cxl_core,cxl_port"));
	assert_int_equal(tool(replay, NULL, &again), 0);
	assert_non_null(strstr(again, "initcall cxl_port"));
	free(again);
	free(replay);
	free(out);
}
