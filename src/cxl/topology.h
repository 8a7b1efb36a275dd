/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the simulated machine has, as plain data: CFMWS windows (the root
 * decoders cxl_acpi creates), host bridges (ACPI0016) with their root ports,
 * switches of any depth, the endpoints below them, PCIe-only slots,
 * soft-reserved ranges, and the HDM decoders firmware left committed.
 * Nothing here runs; the model turns it into devices at boot.
 *
 * Every element has a stable place: host bridges, windows and ranges by
 * array index, nodes by their index among the nodes of their kind in
 * document order (depth first, root ports and downstream ports in order).
 * Loading the same file twice gives equal topologies, so runs and traces are
 * deterministic.
 *
 * Ownership: a struct cxl_topo owns every node and decoder it points to;
 * cxl_topo_free() releases it all.  Nothing is reference counted.
 */
#ifndef CXLSIM_CXL_TOPOLOGY_H
#define CXLSIM_CXL_TOPOLOGY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cxl_topo_kind {
	TOPO_EMPTY,		/* a port with nothing behind it */
	TOPO_SWITCH,
	TOPO_MEMDEV,		/* Type-3 memory expander (an RCD below an RCH) */
	TOPO_ACCEL,		/* Type-2 accelerator */
};

#define TOPO_MAX_PORTS 16		/* root ports per host bridge, downstream ports per switch */
#define TOPO_MAX_HB 16
#define TOPO_MAX_PCIE_ONLY 8
#define TOPO_MAX_DEPTH 8		/* switches stacked below one root port */
#define TOPO_MAX_ENDPOINTS 65536	/* memdevs and accelerators in one topology */
#define TOPO_MAX_WINDOWS 32
#define TOPO_MAX_RANGES 64		/* soft-reserved ranges */
#define TOPO_MAX_DECODERS 8		/* committed decoders per port (cxl_test has 8 per port) */
#define TOPO_NAME_MAX 32

enum cxl_topo_mode {
	TOPO_MODE_RAM,
	TOPO_MODE_PMEM,
};

/*
 * A committed HDM decoder.  On a host bridge or a switch, targets[] lists
 * the downstream ports in interleave order, as indexes into hb->rp[] or
 * node->down[]; on an endpoint there are no targets and @mode says which
 * partition the decoder maps.  Decoder N of a port is decoders[N]: firmware
 * commits them in order.
 */
struct cxl_topo_decoder {
	uint64_t base, size;			/* host physical range */
	unsigned int ways;			/* 1, 2, 3, 4, 6, 8, 12 or 16 */
	unsigned int granularity;		/* bytes, 256 to 16384, a power of two */
	unsigned int nr_targets;		/* host bridge, switch: == ways */
	unsigned char targets[TOPO_MAX_PORTS];
	enum cxl_topo_mode mode;		/* endpoint */
};

/* What a node is: the device behind one root port or switch downstream port. */
struct cxl_topo_node {
	unsigned int nr_down;			/* switch: downstream ports */
	unsigned int region;
	unsigned int index;			/* among the nodes of its kind, document order */
	unsigned int port_id;			/* id of the port it sits behind */
	unsigned int nr_decoders;		/* memdev (endpoint decoders), switch */
	/* A byte and bits: a generated topology has a node per memdev. */
	enum cxl_topo_kind kind : 8;
	bool media_not_ready : 1;		/* memdev: cxl_mem_probe() says -EBUSY */
	bool committed : 1;			/* memdev: firmware committed a decoder, so a
						 * soft-reserved range waits for its region;
						 * true whenever nr_decoders > 0 */
	bool in_region : 1;			/* memdev: interleaved with the memdevs of the
						 * same @region: one range, one region over all */
	bool repair_features : 1;		/* memdev: EDAC discovery finds a repair feature
						 * (sparing or soft PPR), so cxl_mem keeps
						 * repair records for it */
	bool cxl_capable : 1;			/* memdev, accel: its slot has a CXL link */
	struct cxl_topo_node **down;		/* switch: @nr_down, in cxl_topo's links[] */
	struct cxl_topo_decoder *decoders;
	uint64_t serial;			/* memdev, accel: device serial number */
	uint64_t ram_size, pmem_size;		/* memdev: partition sizes */
	uint64_t hdm_size;			/* accel: device memory it maps over CXL */
	char name[TOPO_NAME_MAX];		/* name hint: "cxl_mem.4", "cxl_switch.0" */
};

struct cxl_topo_hb {
	unsigned int uid;
	bool rch;				/* restricted CXL host: one RCD, no ports between */
	unsigned int nr_root_ports;
	struct cxl_topo_node *rp[TOPO_MAX_PORTS];	/* what each root port leads to;
							 * rp[i]->port_id is the root port id */
	unsigned int nr_decoders;
	struct cxl_topo_decoder *decoders;
};

#define TOPO_WINDOW_TYPE2 (1u << 0)		/* device-coherent memory (accelerators) */
#define TOPO_WINDOW_TYPE3 (1u << 1)		/* host-only coherent memory (expanders) */
#define TOPO_WINDOW_RAM (1u << 2)		/* volatile */
#define TOPO_WINDOW_PMEM (1u << 3)		/* persistent */
#define TOPO_WINDOW_FIXED (1u << 4)		/* configuration may not change */

/* A CXL Fixed Memory Window (CEDT CFMWS): a root decoder. */
struct cxl_topo_window {
	uint64_t base, size;
	unsigned int ways;			/* host bridges interleaved: nr of targets */
	unsigned int granularity;		/* bytes */
	unsigned int target_uid[TOPO_MAX_HB];	/* host-bridge uids in interleave order */
	unsigned int flags;			/* TOPO_WINDOW_* */
};

struct cxl_topo_range {
	uint64_t base, size;
};

struct cxl_topo {
	char name[64];
	unsigned int nr_hb;
	struct cxl_topo_hb hb[TOPO_MAX_HB];
	/* Accelerators among pcie_only[]: they must end PCI-only. */
	unsigned int nr_pcie_only_accel;
	struct cxl_topo_node *nodes;		/* storage for every node */
	size_t nr_nodes, cap_nodes;
	/* Storage for every switch's down[]: no node hangs below two ports, so cap_nodes. */
	struct cxl_topo_node **links;
	size_t nr_links;

	unsigned int nr_windows;
	struct cxl_topo_window windows[TOPO_MAX_WINDOWS];
	/* Devices in slots of a plain PCIe host bridge: no CXL link. */
	unsigned int nr_pcie_only;
	struct cxl_topo_node *pcie_only[TOPO_MAX_PCIE_ONLY];
	/* Firmware marked these EFI_MEMORY_SP: CXL or dax_hmem must end up owning each. */
	unsigned int nr_soft_reserved;
	struct cxl_topo_range soft_reserved[TOPO_MAX_RANGES];
	struct cxl_topo_decoder *decoders;	/* storage for every decoder */
	size_t nr_decoders, cap_decoders;
	/* A file's "pmem_window": whether a CFMWS window allows persistent memory. */
	bool pmem_window_set, pmem_window;
};

/*
 * cxl_topo_builtin - a built-in topology, one of cxl_topo_builtins[].
 * -ENOENT for other names, -ENOMEM.  The caller owns *@out.
 */
int cxl_topo_builtin(const char *name, struct cxl_topo **out);

struct cxl_topo_builtin_desc {
	const char *name;		/* what --topology takes */
	const char *help;		/* one or more lines, '\n' between them */
	int (*build)(struct cxl_topo **out);
};

/* The built-in topologies (cxl_topo_builtin() and --help read it); ends with a NULL name. */
extern const struct cxl_topo_builtin_desc cxl_topo_builtins[];

/*
 * cxl_topo_generate - @nr_memdevs memdevs (1 to TOPO_MAX_ENDPOINTS) spread
 * evenly over host bridges, root ports and switches, for scale runs.
 */
int cxl_topo_generate(unsigned int nr_memdevs, struct cxl_topo **out);

/*
 * cxl_topo_load_file / cxl_topo_load_string - a JSON topology
 * (docs/topology-format.md).  On error @err holds "FILE:LINE: problem" (for
 * a string, @name stands for FILE) and the return is -EINVAL, or -ENOMEM.
 * Never crashes, whatever the text.  The caller owns *@out.
 */
int cxl_topo_load_file(const char *path, struct cxl_topo **out, char *err, size_t errlen);
int cxl_topo_load_string(const char *name, const char *text, struct cxl_topo **out, char *err,
			 size_t errlen);

/*
 * cxl_topo_alloc - an empty topology named @name with room for @nodes nodes,
 * or NULL.  cxl_topo_links - room in it for the @nr ports below a switch,
 * NULL past cap_nodes.  For the builders and loaders.
 */
struct cxl_topo *cxl_topo_alloc(const char *name, size_t nodes);
struct cxl_topo_node **cxl_topo_links(struct cxl_topo *t, unsigned int nr);

/*
 * cxl_topo_from_opts - the topology the options name: @cxl_list (saved `cxl
 * list` output) if given, else @topology or, when NULL, @fallback: a
 * built-in name, "gen:N", or a JSON file.  On error @err says why (-EINVAL),
 * or -ENOMEM.  The caller owns *@out.
 */
int cxl_topo_from_opts(const char *topology, const char *cxl_list, const char *fallback,
		       struct cxl_topo **out, char *err, size_t errlen);

/* cxl_topo_to_json - the topology as a JSON text that loads back equal; malloc()ed. */
char *cxl_topo_to_json(const struct cxl_topo *t);
/* cxl_topo_dup - a deep copy.  0 or -ENOMEM. */
int cxl_topo_dup(const struct cxl_topo *t, struct cxl_topo **out);
/* cxl_topo_equal - same machine, element by element (storage order aside). */
bool cxl_topo_equal(const struct cxl_topo *a, const struct cxl_topo *b);
void cxl_topo_free(struct cxl_topo *t);

unsigned int cxl_topo_count(const struct cxl_topo *t, enum cxl_topo_kind kind);
/*
 * cxl_topo_has_pmem_window - does a CFMWS window allow persistent memory
 * (cxl_acpi then adds the nvdimm bridge)?  The windows say so when the
 * topology has any; else the file's "pmem_window"; else whether some memdev
 * has persistent capacity, as firmware describes what it finds.
 */
bool cxl_topo_has_pmem_window(const struct cxl_topo *t);
/* The host bridge with @uid, or NULL. */
struct cxl_topo_hb *cxl_topo_hb_by_uid(struct cxl_topo *t, unsigned int uid);

#endif /* CXLSIM_CXL_TOPOLOGY_H */
