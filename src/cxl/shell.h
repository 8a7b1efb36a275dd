/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The "shell" workload: the machine `cxlsim shell` drives.  The platform's
 * devices are there (their boot-time uevents found no module to load: the
 * CXL modules were left out at boot), udev runs for whatever appears later,
 * and a task named "sh" types the user's commands.
 *
 * Which command "sh" types next is a recorded data choice (enum cxl_sh_op),
 * followed by one choice per argument (an index into the module list, the
 * bus list, a bus's drivers or its devices), so a schedule saved by the
 * shell replays the whole session: `cxlsim replay --workload shell`.  Past
 * the end of a replayed schedule every choice is 0, which makes "sh" quit.
 * While nothing else may run, "sh" waiting (CXL_SH_WAIT) lets virtual time
 * pass up to the next timer.
 */
#ifndef CXLSIM_CXL_SHELL_H
#define CXLSIM_CXL_SHELL_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/sim.h"

struct device_driver;

enum cxl_sh_op {
	CXL_SH_QUIT,		/* the user is done: the run ends when the rest does */
	CXL_SH_WAIT,		/* let the other tasks (or time) go on */
	CXL_SH_MODPROBE,	/* then: a module */
	CXL_SH_RMMOD,		/* then: a module */
	CXL_SH_UNBIND,		/* then: a bus, one of its drivers, one of its devices */
	CXL_SH_BIND,		/* the same */
	CXL_SH_NR_OPS,
};

/* What the choice "sh" is making now stands for. */
enum cxl_sh_ask {
	CXL_SH_ASK_NONE,
	CXL_SH_ASK_OP,
	CXL_SH_ASK_MODULE,
	CXL_SH_ASK_BUS,
	CXL_SH_ASK_DRIVER,
	CXL_SH_ASK_DEVICE,
};

#define CXL_SH_MAX_JOBS 256

/* A command "sh" started: it runs in a task of its own, as a user's process would. */
struct cxl_sh_job {
	uint32_t task;		/* its task id */
	char cmd[96];		/* as the user typed it, with the sysfs path shortened */
	int rc;			/* what modprobe, rmmod or the sysfs store returned */
	bool done;
	/* the arguments */
	enum cxl_sh_op op;
	char name[64];		/* module or device name */
	struct device_driver *drv;
};

struct cxl_shell {
	uint32_t task;		/* the "sh" task's id */
	enum cxl_sh_ask asking;	/* valid while "sh" is the running task */
	struct cxl_sh_job jobs[CXL_SH_MAX_JOBS];
	unsigned int nr_jobs;
};

/* The body of the workload, in the boot task once the platform is enumerated. */
void cxl_shell_workload(void);
/* Can a task other than @self run (runnable, or spawned and not yet run)? */
bool cxl_sh_others_runnable(struct sim *s, uint32_t self);
/* The running shell workload of @s, or NULL. */
struct cxl_shell *cxl_shell_of(struct sim *s);

#endif /* CXLSIM_CXL_SHELL_H */
