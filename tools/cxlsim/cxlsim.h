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
/* explore -j: a worker died, the search is incomplete (its summary says which part). */
#define EXIT_INCOMPLETE 3

/* The --builtin and --link-order lines of every model command's --help. */
#define TOOL_HELP_BUILTIN \
	"  --builtin all|MOD,... model option: modules built in (=y): their inits run at\n" \
	"                        boot by initcall level and link order, before udev;\n" \
	"                        the rest load as modules (default: none)\n" \
	"  --link-order L        model option: makefile (default) or any: built-in inits\n" \
	"                        of one initcall level in every order, a recorded choice\n"

#define MAX_PROPERTY_FILTERS 16

/* Options every simulating command shares. */
struct tool_opts {
	const char *model;
	struct cxlsim__model_opts mopts;
	uint64_t seed;
	uint64_t runs;
	uint64_t max_steps;
	const char *schedule;
	const char *trace;		/* "text", "jsonl" or "none" */
	const char *trace_file;		/* jsonl: the file, "-" = stdout */
	const char *timeline;		/* --timeline FILE (run, replay) */
	const char *dot;		/* --dot FILE (run, replay) */
	const char *strategy;		/* "random", "pct" or "dfs" */
	uint64_t depth;			/* pct bug depth */
	int64_t preemptions;		/* dfs: preemption bound, -1 = none */
	bool no_por;			/* dfs: plain search, no reduction */
	bool sleep_only;		/* dfs: sleep sets without source sets */
	bool exact_bound;		/* dfs: every schedule within --preemptions */
	bool end_state_full;		/* explore: count end states by the full digest */
	unsigned int shard, nr_shards;	/* --shard I/N (nr_shards 0 = not sharded) */
	const char *checkpoint;		/* dfs: save and resume the search here */
	uint64_t max_schedules;		/* 0 = no bound (random/pct: --runs) */
	uint64_t max_seconds;		/* 0 = no bound */
	const char *then;		/* replay: continue past the schedule ("random") */
	unsigned int faults;		/* CXLSIM_FAULT_* */
	bool runs_set;
	bool check_determinism;
	bool no_shrink;
	bool json;
	bool quiet;			/* run: no trace; explore: no progress line */
	bool progress;			/* --progress: the progress line even off a terminal */
	unsigned int jobs;		/* explore -j N: worker processes (0, 1: none) */
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
int cmd_list(int argc, char **argv);
int cmd_stress(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_diff_models(int argc, char **argv);
int cmd_shell(int argc, char **argv);

/*
 * After a usage that takes --workload W or --topology T: every workload and
 * built-in topology the model accepts, from the tables its parser reads.
 */
void tool_print_model_names(const char *usage, FILE *f);
/*
 * Parse the shared options; @extra_positional receives the one positional
 * argument a command takes (or NULL).  Prints the problem and returns
 * EXIT_USAGE, prints help and returns -1 for --help, else 0.
 */
int tool_parse(const char *cmd, const char *usage, int argc, char **argv, struct tool_opts *o,
	       const char **positional);
/*
 * A number on the command line or in the shell: decimal digits only, leading
 * zeros allowed and meaning nothing ("010" is ten), at most @max; no sign,
 * space, "0x" or suffix.  false with "'ARG' is not a decimal number" (or
 * "... is larger than MAX") in @why.
 */
bool tool_decimal(const char *arg, uint64_t max, uint64_t *out, char *why, size_t n);
/* Create a context and prepare the chosen model; EXIT_USAGE on bad options. */
int tool_engine(const char *cmd, const struct tool_opts *o, struct cxlsim__engine *e);
void tool_engine_free(struct cxlsim__engine *e);
/* true when @property passes the --property filters. */
bool tool_property_selected(const struct tool_opts *o, const char *property);

/* What a run shows (trace_out.c, timeline.c); the writers return 0 or -1. */
const char *tool_task_name(struct sim *s, uint32_t id);
/* Colour on a terminal only, and never when NO_COLOR is set (no-color.org). */
bool tool_colour_wanted(FILE *f);
void tool_print_text(struct sim *s, FILE *f, bool colour);
void tool_print_event(struct sim *s, const struct sim_event *e, FILE *f, bool colour);
int tool_write_jsonl(struct sim *s, FILE *f);
int tool_write_timeline(struct sim *s, FILE *f, const char *schedule);

/*
 * Output errors (output.c).  tool_stream_close() closes @f and returns why a
 * write to it or the close failed (an errno), or 0.  tool_fclose() does the
 * same and on failure prints `cxlsim: write error: PATH: REASON`, returning
 * EXIT_USAGE.  main() calls tool_stdout_check_open() before a command and
 * tool_stdout_close() with its exit status after it: a closed or failed
 * standard output turns that status into EXIT_USAGE, said once.
 */
int tool_stream_close(FILE *f);
/*
 * Schedule strings from the command line (schedule_arg.c), both printing the
 * one-line reason and returning EXIT_USAGE, else 0.  tool_schedule_check():
 * @str parses.  tool_schedule_fit(), after replaying @str on @e: every choice
 * was one the run offered, and the run used them all.
 */
int tool_schedule_check(const char *cmd, const char *str);
int tool_schedule_fit(const char *cmd, const char *str, struct cxlsim__engine *e);
int tool_fclose(FILE *f, const char *path);
int tool_stdout_check_open(void);
int tool_stdout_close(int ret);

#endif
