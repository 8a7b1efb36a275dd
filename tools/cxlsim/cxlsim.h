/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef CXLSIM_TOOL_H
#define CXLSIM_TOOL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "api/model.h"

/* Exit codes of every command. */
#define EXIT_CLEAN 0
#define EXIT_VIOLATION 1
#define EXIT_USAGE 2

#define MAX_PROPERTY_FILTERS 16

/* Options every simulating command shares. */
struct tool_opts {
	const char *model;
	struct cxlsim__model_opts mopts;
	uint64_t seed;
	uint64_t runs;
	uint64_t max_steps;
	const char *schedule;
	const char *trace;		/* "text" or "none" */
	const char *strategy;		/* "random" or "pct" */
	uint64_t depth;			/* pct bug depth */
	bool check_determinism;
	bool no_shrink;
	bool json;
	bool quiet;
	bool threads;			/* --executor threads */
	uint64_t iterations;		/* stress */
	uint64_t machines;		/* stress --threads */
	const char *properties[MAX_PROPERTY_FILTERS];
	int nr_properties;
};

int cmd_run(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_explore(int argc, char **argv);
int cmd_models(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_variants(int argc, char **argv);
int cmd_stress(int argc, char **argv);

/*
 * Parse the shared options; @extra_positional receives the one positional
 * argument a command takes (or NULL).  Prints the problem and returns
 * EXIT_USAGE, prints help and returns -1 for --help, else 0.
 */
int tool_parse(const char *cmd, const char *usage, int argc, char **argv, struct tool_opts *o,
	       const char **positional);
/* Create a context and prepare the chosen model; EXIT_USAGE on bad options. */
int tool_engine(const char *cmd, const struct tool_opts *o, struct cxlsim__engine *e);
void tool_engine_free(struct cxlsim__engine *e);
/* true when @property passes the --property filters. */
bool tool_property_selected(const struct tool_opts *o, const char *property);

#endif
