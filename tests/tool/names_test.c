// SPDX-License-Identifier: LGPL-2.1-or-later
/* Every workload and built-in topology the cxl model accepts is in --help and in model.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxl/topology.h"
#include "cxl/workloads.h"
#include "harness.h"
#include "run_cmd.h"

static char *tool_output(const char *args)
{
	char *cmd, *out;

	assert_int_not_equal(asprintf(&cmd, "%s %s", getenv("CXLSIM_TOOL"), args), -1);
	run_cmd(cmd, NULL, &out);
	free(cmd);
	return out;
}

/* @name as an entry of a --help listing: at the start of an indented line. */
static bool help_lists(const char *help, const char *name)
{
	char want[128];

	snprintf(want, sizeof(want), "\n  %s ", name);
	return strstr(help, want) != NULL;
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 1 << 16);

	assert_non_null(f);
	assert_non_null(buf);
	fread(buf, 1, (1 << 16) - 1, f);
	fclose(f);
	return buf;
}

CXLSIM_TEST(help_lists_every_workload_and_builtin_topology)
{
	static const char *const cmds[] = { "run --help", "list --help", "explore --help",
					    "stress --help" };
	const struct cxl_topo_builtin_desc *t;
	const struct cxl_workload_desc *w;
	size_t i, nw = 0, nt = 0;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		char *help = tool_output(cmds[i]);

		for (w = cxl_workloads; w->name; w++) {
			if (!help_lists(help, w->name))
				fail_msg("`cxlsim %s` does not list workload %s", cmds[i], w->name);
			nw++;
		}
		for (t = cxl_topo_builtins; t->name; t++) {
			if (!help_lists(help, t->name))
				fail_msg("`cxlsim %s` does not list topology %s", cmds[i], t->name);
			nt++;
		}
		assert_true(help_lists(help, "gen:N"));
		free(help);
	}
	/* The shell takes a topology, not a workload. */
	{
		char *help = tool_output("shell --help");

		for (t = cxl_topo_builtins; t->name; t++)
			assert_true(help_lists(help, t->name));
		free(help);
	}
	assert_true(nw >= 5 * 4 && nt >= 3 * 4);
}

/* The parser reads the same tables: each entry is accepted, the refusal names them all. */
CXLSIM_TEST(the_parser_accepts_exactly_the_listed_names)
{
	const struct cxl_topo_builtin_desc *t;
	const struct cxl_workload_desc *w;
	struct cxl_topo *topo;
	char *out;

	for (t = cxl_topo_builtins; t->name; t++) {
		assert_int_equal(cxl_topo_builtin(t->name, &topo), 0);
		assert_string_equal(topo->name, t->name);
		cxl_topo_free(topo);
	}
	assert_int_equal(cxl_topo_builtin("minimial", &topo), -ENOENT);
	out = tool_output("run --workload nosuch");
	for (w = cxl_workloads; w->name; w++)
		if (!strstr(out, w->name))
			fail_msg("the refusal of --workload nosuch does not name %s: %s", w->name,
				 out);
	free(out);
}

/* model.h, the public header, names every workload and built-in topology. */
CXLSIM_TEST(model_h_names_every_workload_and_builtin_topology)
{
	const struct cxl_topo_builtin_desc *t;
	const struct cxl_workload_desc *w;
	const char *src = getenv("CXLSIM_SOURCE_DIR");
	char path[1024], want[128], *text;

	snprintf(path, sizeof(path), "%s/include/cxlsim/model.h", src ? src : ".");
	text = read_text(path);
	for (w = cxl_workloads; w->name; w++) {
		snprintf(want, sizeof(want), "\"%s\"", w->name);
		if (!strstr(text, want))
			fail_msg("model.h does not name workload %s", w->name);
	}
	for (t = cxl_topo_builtins; t->name; t++) {
		snprintf(want, sizeof(want), "\"%s\"", t->name);
		if (!strstr(text, want))
			fail_msg("model.h does not name topology %s", t->name);
	}
	free(text);
}
