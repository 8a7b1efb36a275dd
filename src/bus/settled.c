// SPDX-License-Identifier: LGPL-2.1-or-later
/* Has boot settled (bus/settled.h)?  Reads driver-core and runtime state only. */
#include <stdio.h>

#include "bus/core.h"
#include "bus/settled.h"

static bool not_settled(char *why, size_t len, const char *fmt, const char *what)
{
	if (why && len)
		snprintf(why, len, fmt, what);
	return false;
}

bool drv_core_settled(struct sim *s, char *why, size_t len)
{
	struct drv_core *core = drv_core_of(s);
	struct sim_task *self = sim_current() == s ? sim_current_task() : NULL;
	uint64_t expires;
	size_t i, n = sim_task_count(s);
	uint32_t wq;

	if (why && len)
		why[0] = '\0';
	if (!core)
		return not_settled(why, len, "%s", "no driver core");
	for (i = 0; i < n; i++) {
		struct sim_task *t = sim_task_at(s, i);

		if (t != self && sim_task_state(t) != SIM_TASK_DONE)
			return not_settled(why, len, "task %s is still alive", sim_task_name(t));
	}
	if (sim_next_timer(s, &expires))
		return not_settled(why, len, "%s", "a timer is still armed");
	if (core->nr_in_init)
		return not_settled(why, len, "module %s is in its init or exit",
				   core->in_init[0].mod ? core->in_init[0].mod->desc->name : "?");
	if (core->probe_count.count)
		return not_settled(why, len, "%s", "a probe is in flight");
	if (core->deferred_probe_work.pending || core->deferred_probe_work.running ||
	    !list_empty(&core->deferred_probe_active_list))
		return not_settled(why, len, "%s", "deferred probing is still retrying");
	if (sim_async_pending(s))
		return not_settled(why, len, "%s", "the async domain is not empty");
	wq = sim_workqueue_busy(s);
	if (wq)
		return not_settled(why, len, "workqueue %s is not idle", sim_str(s, wq));
	return true;
}
