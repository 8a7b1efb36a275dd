/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A run's end state as one line of text, for counting the distinct states a
 * search reaches (cxlsim explore --end-state full): records separated by
 * "; ", each a kind and its fields ("dev mem0 bus=cxl ...").  It holds what
 * the run leaves behind, written the same whatever order it happened in: no
 * addresses, no task ids, no step counts, no virtual time.
 */
#ifndef CXLSIM_BUS_END_STATE_H
#define CXLSIM_BUS_END_STATE_H

#include "sim/sim.h"
#include "sim/strbuf.h"

/* Start a record: "; " after the records before it, then @fmt. */
void end_state_add(struct sim_strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Records of one kind added in any order and written sorted, for what lists
 * keep in the order it happened (devices, modules, memdevs).  Zero-initialize,
 * add, then write once: writing frees what was added.
 */
struct end_state_sorted {
	char **v;
	size_t n, cap;
	bool failed;		/* a record was lost: the text will be overflowed */
};

void end_state_sorted_add(struct end_state_sorted *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* end_state_add() each record, sorted by its text. */
void end_state_sorted_write(struct end_state_sorted *l, struct sim_strbuf *sb);

/*
 * drv_core_write_state() - append the driver core's part of @s's end state to @sb
 *
 * One "core" record (probes in flight, deferred probe), then one "bus"
 * record per registered bus with its drivers, one "dev" record per live
 * device (bus, parent, driver, registration, references, devres entries
 * left, deferred or not) and one "module" record per module (state,
 * references), each kind sorted, since the lists keep the order things
 * happened in.
 *
 * Context: the host, between runs (after sim_run(), before sim_reset()).
 * Reads the state and changes nothing, footprints included.  Running out of
 * memory leaves @sb overflowed.
 */
void drv_core_write_state(struct sim *s, struct sim_strbuf *sb);

#endif /* CXLSIM_BUS_END_STATE_H */
