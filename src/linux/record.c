// SPDX-License-Identifier: LGPL-2.1-or-later
#include "linux/record.h"
#include "sim/sim.h"

void linux_compat_record(const char *ev, const char *obj, const char *detail)
{
	struct sim *s = sim_current();

	if (s)
		sim_tracef(s, ev, obj ? obj : "-", "%s", detail ? detail : "");
}

void linux_compat_tracepoint(const char *name)
{
	linux_compat_record("tracepoint", name, "");
}
