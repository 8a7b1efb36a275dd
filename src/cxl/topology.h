/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the simulated machine has: host bridges, root ports, switches of any
 * depth, and the endpoints below them.  Plain data; the model turns it into
 * devices at boot.
 */
#ifndef CXLSIM_CXL_TOPOLOGY_H
#define CXLSIM_CXL_TOPOLOGY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cxl_topo_kind {
	TOPO_EMPTY,		/* a port with nothing behind it */
	TOPO_SWITCH,
	TOPO_MEMDEV,		/* Type-3 memory expander */
	TOPO_ACCEL,		/* Type-2 accelerator */
};

#define TOPO_MAX_PORTS 16

struct cxl_topo_node {
	enum cxl_topo_kind kind;
	unsigned int nr_down;			/* switch: downstream ports */
	struct cxl_topo_node *down[TOPO_MAX_PORTS];
	bool media_not_ready;			/* memdev: cxl_mem_probe() says -EBUSY */
	bool committed;				/* memdev: firmware committed a decoder, so a
						 * soft-reserved range waits for its region */
};

struct cxl_topo_hb {
	unsigned int uid;
	bool rch;				/* restricted CXL host: one RCD, no ports between */
	unsigned int nr_root_ports;
	struct cxl_topo_node *rp[TOPO_MAX_PORTS];
};

#define TOPO_MAX_HB 16
#define TOPO_MAX_PCIE_ONLY 8

struct cxl_topo {
	char name[64];
	unsigned int nr_hb;
	struct cxl_topo_hb hb[TOPO_MAX_HB];
	/* Accelerators in slots with no CXL link: they must end PCI-only. */
	unsigned int nr_pcie_only_accel;
	struct cxl_topo_node *nodes;		/* storage for every node */
	size_t nr_nodes, cap_nodes;
};

/* "default" (cxl_test's mock topology), "minimal", "accel"; -ENOENT for others. */
int cxl_topo_builtin(const char *name, struct cxl_topo **out);
void cxl_topo_free(struct cxl_topo *t);
/*
 * Load a JSON topology (docs/topology-format.md).  On error @err holds
 * "FILE:LINE: problem" and the return is -EINVAL (or -ENOMEM).
 */
int cxl_topo_load_file(const char *path, struct cxl_topo **out, char *err, size_t errlen);
int cxl_topo_load_string(const char *name, const char *text, struct cxl_topo **out, char *err,
			 size_t errlen);
unsigned int cxl_topo_count(const struct cxl_topo *t, enum cxl_topo_kind kind);

#endif /* CXLSIM_CXL_TOPOLOGY_H */
