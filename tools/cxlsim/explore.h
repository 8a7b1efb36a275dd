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
	/*
	 * random, pct: this invocation runs seed indexes first_unit..runs_end-1
	 * (first_unit: what a --checkpoint already holds; runs_end: below
	 * runs_planned when --max-schedules stops a checkpointed search), and
	 * seed indexes 0..next_unit-1 are counted, a contiguous prefix.
	 */
	uint64_t first_unit, runs_end, next_unit;
	uint64_t runs_restored;		/* schedules the checkpoint held */
	uint64_t saved_at;		/* runs when the checkpoint was last saved */
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
/*
 * The dfs search @st (set up, in @e's context) in @jobs processes: this one
 * and @jobs - 1 workers exploring subtrees it takes in; *@idx numbers the
 * runs recorded.  0 or a negative errno.
 */
int explore_dfs_parallel(const struct tool_opts *o, struct cxlsim__engine *e,
			 struct sim_strategy *st, struct explore_result *r, double t0,
			 uint64_t *idx);
/* dfs: run the next schedule of @st (set in @e's context) here, and record it. */
int explore_dfs_run(const struct tool_opts *o, struct cxlsim__engine *e,
		    const struct sim_strategy *st, struct explore_result *r, uint64_t *idx);
struct tool_progress;
/*
 * dfs, after a run: on to the next schedule, a checkpoint every 5000 runs,
 * the counts and the progress line; false when the search is over.
 */
bool explore_dfs_advance(const struct tool_opts *o, const struct cxlsim__engine *e,
			 struct sim_strategy *st, struct explore_result *r, uint64_t *since_save,
			 struct tool_progress *prog);
int explore_dfs_checkpoint_save(const char *path, const struct sim_strategy *st,
			    const struct cxlsim__engine *e);

/* The seed indexes in @lo..@hi-1 this search runs (its --shard I/N only). */
uint64_t explore_units(const struct tool_opts *o, uint64_t lo, uint64_t hi);

/*
 * checkpoint_seeded.c: --checkpoint for random and pct.  The file holds
 * the counts of a contiguous prefix of the seeds, in seed order, and the
 * options that make the search what it is.  explore_checkpoint_load() fills
 * @r from it (a missing file is an empty prefix) and checks that it can be
 * written: 0 or EXIT_USAGE, the reason printed.  explore_checkpoint_save()
 * writes it (0 or a negative errno); explore_checkpoint_tick() saves it
 * every 5000 schedules counted, ignoring errors (the last save reports them).
 */
int explore_checkpoint_load(const struct tool_opts *o, struct explore_result *r);
int explore_checkpoint_save(const struct tool_opts *o, struct explore_result *r);
void explore_checkpoint_tick(const struct tool_opts *o, struct explore_result *r);

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
