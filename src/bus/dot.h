/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The driver core's state as a Graphviz graph (what /sys/devices and lsmod would show). */
#ifndef CXLSIM_BUS_DOT_H
#define CXLSIM_BUS_DOT_H

#include <stdio.h>

#include "sim/sim.h"

/*
 * drv_core_write_dot() - write the device tree of @s to @f as a DOT digraph
 *
 * One cluster per registered bus holding its devices and drivers, an edge
 * from each device's parent, the bound driver in each device's label, and
 * one node per module with edges to the drivers it owns and the modules it
 * depends on.  Node names come from device, driver and module names, never
 * from addresses, so the same run always gives the same text.
 *
 * Context: the host, between runs (after sim_run(), before sim_reset()).
 * Returns 0, or -EIO when writing to @f failed.  A simulation without a
 * driver core gives an empty graph.
 */
int drv_core_write_dot(struct sim *s, FILE *f);

#endif /* CXLSIM_BUS_DOT_H */
