/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cxlsim shell: a simulated machine whose scheduler the user drives.
 *
 * The machine runs the "shell" workload (src/cxl/shell.h) in a thread of
 * its own, so its tasks keep their coroutine stacks while the prompt waits.
 * Its strategy (shell_machine.c) answers what it may answer by itself: the
 * user's pending command, the steps `step` or `run` allowed, `choose N`.
 * Otherwise it hands the turn to the prompt and waits.  Exactly one of the
 * two threads runs at a time, so everything stays deterministic.
 */
#ifndef CXLSIM_TOOL_SHELL_H
#define CXLSIM_TOOL_SHELL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "api/model.h"
#include "cxl/shell.h"

struct shell_machine {
	struct cxlsim__engine e;
	struct sim *s;
	struct sim_strategy strategy;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool machine_turn;		/* the machine thread runs; the prompt waits */
	bool started, finished;
	int run_ret;
	/* While the prompt has the turn: the choice the machine waits on. */
	const struct sim_choice *pending;
	uint32_t pending_task;		/* the task making it, 0 = the host */

	/* Orders from the prompt. */
	bool cmd_set;			/* a command for "sh" to type */
	enum cxl_sh_op cmd_op;
	unsigned int cmd_arg[CXL_SH_ASK_DEVICE + 1];	/* by enum cxl_sh_ask */
	uint64_t steps;			/* decisions the machine may take by itself */
	bool run;			/* ... as many as it takes to be idle */
	long chosen;			/* choose N: the pick for the next decision, -1 none */
	bool quit;
	uint64_t taken;			/* decisions taken by the defaults so far */
	bool seeded;
	struct sim_rng rng;
};

int shell_machine_start(struct shell_machine *m);
/* Let the machine go on until it needs the prompt again (or ends). */
void shell_machine_resume(struct shell_machine *m);
/* Quit "sh", let the rest run out and wait for the machine thread. */
void shell_machine_stop(struct shell_machine *m);
struct cxl_shell *shell_sh(struct shell_machine *m);
/* Is the machine waiting for a command, nothing else able to run? */
bool shell_machine_idle(struct shell_machine *m);
/* The task id of scheduling candidate @i of the pending choice. */
uint32_t shell_candidate(struct shell_machine *m, unsigned int i);

/* What the prompt shows (shell_view.c); each returns 0, or -1 after printing an error. */
void shell_lsmod(struct sim *s, FILE *f);
int shell_ls(struct sim *s, const char *path, FILE *f, char *err, size_t errlen);
void shell_tree(struct sim *s, FILE *f);
void shell_tasks(struct shell_machine *m, FILE *f);
/*
 * One number per task across tasks, choose and the job messages: the task's
 * id, as the trace shows it.  The place in the pending scheduling choice of
 * runnable task @task, or -1 when it is not one of them.
 */
long shell_runnable_index(struct shell_machine *m, uint64_t task);

#endif
