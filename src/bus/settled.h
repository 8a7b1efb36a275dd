/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * When boot has settled: nothing the driver core or the runtime knows of is
 * still going to probe, load a module or run queued work.  Liveness
 * properties (all-attached) are checked only then.
 */
#ifndef CXLSIM_BUS_SETTLED_H
#define CXLSIM_BUS_SETTLED_H

#include <stdbool.h>
#include <stddef.h>

struct sim;

/*
 * Has the machine settled?  Called on the host after the run, or from a
 * task (the caller's own task is not counted).  When not, @why (if
 * non-NULL) says what is still going on.  The definition, in driver-core and
 * runtime terms only:
 *  - no task besides the caller is alive (new, runnable or blocked): no udev
 *    worker with a uevent to handle, no modprobe, no async-domain item, no
 *    workqueue worker, no user action;
 *  - no timer is armed (no delayed work, no sleeping task, no udev lag);
 *  - no module is in its init or exit;
 *  - no probe is in flight (probe_count is zero);
 *  - the deferred-probe work is neither queued nor running and its active
 *    list is empty (the pending list may hold devices: they wait for a
 *    trigger that nothing left can give, which is what liveness reports);
 *  - the async domain is empty;
 *  - every workqueue is idle.
 * The first condition implies most of the others in a well-formed run; each
 * is checked on its own so that the reason names the driver-core state.
 */
bool drv_core_settled(struct sim *s, char *why, size_t len);

#endif /* CXLSIM_BUS_SETTLED_H */
