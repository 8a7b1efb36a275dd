/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * NUMA nodes and their performance attributes.  The simulated machine is a
 * kernel without NUMA, HMAT or memory-hotplug support: every address is on
 * node 0 and the node-attribute calls do what those kernels' stubs do.
 */
#ifndef _LINUX_COMPAT_NODE_H
#define _LINUX_COMPAT_NODE_H

#include <linux/types.h>
#include <linux/errno.h>

#ifndef NUMA_NO_NODE
#define NUMA_NO_NODE (-1)
#endif

struct access_coordinate {
	unsigned int read_bandwidth;
	unsigned int write_bandwidth;
	unsigned int read_latency;
	unsigned int write_latency;
};

enum access_coordinate_class {
	ACCESS_COORDINATE_LOCAL,
	ACCESS_COORDINATE_CPU,
	ACCESS_COORDINATE_MAX
};

static inline void node_set_perf_attrs(unsigned int nid, struct access_coordinate *coord,
				       enum access_coordinate_class access)
{
}

static inline int phys_to_target_node(u64 start)
{
	return 0;
}

static inline int memory_add_physaddr_to_nid(u64 start)
{
	return 0;
}

static inline int hmat_update_target_coordinates(int nid, struct access_coordinate *coord,
						 enum access_coordinate_class access)
{
	return -EOPNOTSUPP;
}

#endif /* _LINUX_COMPAT_NODE_H */
