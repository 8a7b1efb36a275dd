/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _LINUX_COMPAT_WORKQUEUE_TYPES_H
#define _LINUX_COMPAT_WORKQUEUE_TYPES_H

#include <linux/types.h>

#include "sim/sim.h"

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

/*
 * Every work item carries a runtime delayed work (a plain one is a delayed
 * one never given a delay), so a struct delayed_work is just a work_struct,
 * as container_of() in kernel code expects.
 */
struct work_struct {
	struct sim_delayed_work sdw;
	work_func_t func;
	const char *name;
	bool ready;
};

#endif
