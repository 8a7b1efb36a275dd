/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What cmd_explore.c shares with its parallel search (explore_par.c) and progress line. */
#ifndef CXLSIM_TOOL_EXPLORE_H
#define CXLSIM_TOOL_EXPLORE_H

#include <stdbool.h>
#include <stdint.h>

#include "cxlsim.h"

struct counter {
	char *label;
	uint32_t hash;			/* of the label, or 0 (tally_bump()) */
	uint64_t count;
	char *schedule;		/* first schedule that produced it */
	uint64_t seed;
	struct cxlsim__shrink_stats shrink;
	size_t before_chars;		/* the schedule string's length before shrinking */
	bool shrunk;
};

struct tally {
	struct counter *v;
	size_t n;
};

struct explore_result {
	uint64_t runs;
	uint64_t pct_k, pct_n;		/* largest choices and tasks seen, for the guarantee */
	struct tally outcomes;
	struct tally violations;
	uint64_t nondeterministic;
	bool is_dfs;
	struct sim_dfs_stats dfs;
	bool stopped_early;		/* --max-schedules or --max-seconds ended it */
	uint64_t runs_planned;		/* random/pct: the seeds the search covers */
	double seconds;
	/* -j N */
	unsigned int jobs;
	char *incomplete;		/* a worker died: which part of the search it took */
	uint64_t violating;		/* schedules with a violation, for the progress line */
};

struct counter *explore_tally_bump(struct tally *t, const char *label, uint32_t hash);
/* The label the run in @e ends in (--end-state), in @buf or *@full (freed by the caller). */
int explore_end_label(const struct tool_opts *o, struct cxlsim__engine *e, char *buf,
		      size_t len, const char **label, char **full);
/* Run seed @seed of a random or pct search; *@pct_k, *@pct_n: largest k, n seen so far. */
int explore_run_seed(const struct tool_opts *o, struct cxlsim__engine *e, uint64_t seed,
		     uint64_t *pct_k, uint64_t *pct_n);
void explore_dfs_opts(const struct tool_opts *o, struct sim_dfs_opts *d);
bool explore_out_of_time(const struct tool_opts *o, double t0);
double explore_now(void);
/* Replay @schedule in a fresh context: the first event that differs, -1 none. */
long explore_replay_differs(const struct tool_opts *o, struct cxlsim__engine *e,
			    const char *schedule);

/*
 * explore_par.c: the same search in @jobs worker processes, merged in the
 * order one process takes it.  0, a negative errno, or an exit code.
 */
int explore_parallel(const struct tool_opts *o, struct cxlsim__engine *e,
		     struct explore_result *r, double t0);

/* progress.c: a line on standard error while a long command runs. */
struct tool_progress {
	const char *cmd;
	bool on;			/* print at all */
	bool tty;			/* rewrite one line in place */
	bool shown;			/* a line is on the terminal */
	double t0, next;
	uint64_t total;			/* 0: unknown */
	const char *unit;
	const char *viol;		/* what the second count counts ("violating") */
};

void tool_progress_init(struct tool_progress *p, const char *cmd, const struct tool_opts *o,
			uint64_t total, const char *unit);
/* At most once a second, from the first second on; cheap to call after every run. */
void tool_progress_update(struct tool_progress *p, uint64_t done, uint64_t violating);
/* Clear the line the terminal shows. */
void tool_progress_end(struct tool_progress *p);

#endif
