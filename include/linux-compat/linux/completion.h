/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Completions are the runtime's (waiting is a scheduling point); set up on first use per run. */
#ifndef _LINUX_COMPAT_COMPLETION_H
#define _LINUX_COMPAT_COMPLETION_H

#include <linux/types.h>

#include "sim/sim.h"

struct completion {
	struct sim_completion c;
	const char *name;
	bool ready;
};

#define COMPLETION_INITIALIZER(work) { .name = #work }
#define DECLARE_COMPLETION(work) struct completion work = COMPLETION_INITIALIZER(work)
#define DECLARE_COMPLETION_ONSTACK(work) struct completion work = COMPLETION_INITIALIZER(work)

void __linux_init_completion(struct completion *x, const char *name);
#define init_completion(x) __linux_init_completion((x), #x)
void reinit_completion(struct completion *x);
void wait_for_completion(struct completion *x);
int wait_for_completion_interruptible(struct completion *x);
int wait_for_completion_killable(struct completion *x);
unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout);
bool try_wait_for_completion(struct completion *x);
bool completion_done(struct completion *x);
void complete(struct completion *x);
void complete_all(struct completion *x);

#endif
