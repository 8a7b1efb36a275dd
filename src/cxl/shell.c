// SPDX-License-Identifier: LGPL-2.1-or-later
/* The "shell" workload (see shell.h): a task that types the user's commands. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cxl/cxl.h"
#include "cxl/shell.h"

struct cxl_shell *cxl_shell_of(struct sim *s)
{
	struct cxl_model *m = s ? sim_layer(s, SIM_LAYER_CXL) : NULL;

	return m ? m->shell : NULL;
}

static void sh_job(void *arg)
{
	struct cxl_sh_job *j = arg;

	switch (j->op) {
	case CXL_SH_MODPROBE:
		j->rc = modprobe(j->name);
		break;
	case CXL_SH_RMMOD:
		j->rc = rmmod(j->name);
		break;
	case CXL_SH_UNBIND:
		j->rc = unbind_store(j->drv, j->name);
		break;
	case CXL_SH_BIND:
		j->rc = bind_store(j->drv, j->name);
		break;
	default:
		j->rc = -EINVAL;
		break;
	}
	j->done = true;
}

/* A recorded choice among @n, said to stand for @ask. */
static unsigned int sh_ask(struct cxl_shell *sh, enum cxl_sh_ask ask, unsigned int n)
{
	unsigned int i;

	sh->asking = ask;
	i = sim_choose(sim_current(), n);
	sh->asking = CXL_SH_ASK_NONE;
	return i;
}

/* The @i-th node of @head, or NULL. */
static struct list_head *list_nth(struct list_head *head, unsigned int i)
{
	struct list_head *p;

	for (p = head->next; p != head; p = p->next)
		if (!i--)
			return p;
	return NULL;
}

/* The arguments of @op, chosen; false when there is nothing to choose from. */
static bool sh_args(struct cxl_shell *sh, enum cxl_sh_op op, struct cxl_sh_job *j)
{
	struct drv_core *core = drv_core();
	struct list_head *p;
	struct bus_type *bus;
	const char *name;

	if (op == CXL_SH_MODPROBE || op == CXL_SH_RMMOD) {
		p = list_nth(&core->modules, sh_ask(sh, CXL_SH_ASK_MODULE,
						    (unsigned int)list_count(&core->modules)));
		if (!p)
			return false;
		name = list_entry(p, struct module, node)->desc->name;
		snprintf(j->name, sizeof(j->name), "%s", name);
		snprintf(j->cmd, sizeof(j->cmd), "%s %s",
			 op == CXL_SH_MODPROBE ? "modprobe" : "rmmod", name);
		return true;
	}
	p = list_nth(&core->buses,
		     sh_ask(sh, CXL_SH_ASK_BUS, (unsigned int)list_count(&core->buses)));
	if (!p)
		return false;
	bus = list_entry(p, struct bus_type, node);
	p = list_nth(&bus->drivers,
		     sh_ask(sh, CXL_SH_ASK_DRIVER, (unsigned int)list_count(&bus->drivers)));
	if (!p)
		return false;
	j->drv = list_entry(p, struct device_driver, bus_node);
	p = list_nth(&bus->devices,
		     sh_ask(sh, CXL_SH_ASK_DEVICE, (unsigned int)list_count(&bus->devices)));
	if (!p)
		return false;
	name = dev_name(list_entry(p, struct device, bus_node));
	snprintf(j->name, sizeof(j->name), "%s", name);
	snprintf(j->cmd, sizeof(j->cmd), "echo %s > %s/%s", name, j->drv->name,
		 op == CXL_SH_UNBIND ? "unbind" : "bind");
	return true;
}

bool cxl_sh_others_runnable(struct sim *s, uint32_t self)
{
	size_t i, n = sim_task_count(s);

	for (i = 0; i < n; i++) {
		struct sim_task *t = sim_task_at(s, i);
		enum sim_task_state st = sim_task_state(t);

		if (sim_task_id(t) != self && (st == SIM_TASK_NEW || st == SIM_TASK_RUNNABLE))
			return true;
	}
	return false;
}

static void sh_wait(struct cxl_shell *sh)
{
	struct sim *s = sim_current();
	uint64_t when;

	if (cxl_sh_others_runnable(s, sh->task))
		sim_sched_point(s, "sh-wait", 0);
	else if (sim_next_timer(s, &when) && when > sim_now(s))
		sim_sleep_ns(s, when - sim_now(s));
}

static void sh_task(void *arg)
{
	struct cxl_shell *sh = arg;
	struct sim *s = sim_current();

	sh->task = sim_task_id(sim_current_task());
	for (;;) {
		unsigned int op = sh_ask(sh, CXL_SH_ASK_OP, CXL_SH_NR_OPS);
		struct cxl_sh_job *j;
		struct sim_task *t;

		if (op == CXL_SH_QUIT)
			return;
		if (op == CXL_SH_WAIT || sh->nr_jobs == CXL_SH_MAX_JOBS) {
			sh_wait(sh);
			continue;
		}
		j = &sh->jobs[sh->nr_jobs];
		memset(j, 0, sizeof(*j));
		j->op = (enum cxl_sh_op)op;
		if (!sh_args(sh, j->op, j))
			continue;
		t = sim_spawn(s, j->cmd, sh_job, j);
		if (!t)
			continue;
		j->task = sim_task_id(t);
		sh->nr_jobs++;
	}
}

void cxl_shell_workload(void)
{
	struct sim *s = sim_current();
	struct cxl_shell *sh = sim_kzalloc(s, sizeof(*sh), "cxl_shell");

	if (!sh)
		return;
	cxl_model()->shell = sh;
	/* From here on devices that appear get their modules loaded by udev. */
	drv_core()->udev_autoload = true;
	sim_task_join(s, sim_spawn(s, "sh", sh_task, sh));
}
