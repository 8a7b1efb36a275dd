/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The CXL model's objects, named after drivers/cxl/cxl.h and cxlmem.h.
 *
 * Device tree, as the kernel builds it:
 *   platform: ACPI0017:00 (cxl_acpi binds it)
 *   host bridge pci0000:NN -> root port -> [switch usp -> dsp] -> endpoint function
 *   cxl bus:  root0 -> portN (host bridges, switches) -> endpointN
 *             memN, child of its PCI function (cxl_mem binds it)
 * grandparent(memN) is the downstream port the device hangs off, as the
 * kernel's port walk expects.
 */
#ifndef CXLSIM_CXL_CXL_H
#define CXLSIM_CXL_CXL_H

#include "bus/cleanup.h"
#include "bus/core.h"
#include "bus/devres.h"
#include "bus/module.h"
#include "cxl/topology.h"
#include "cxl/variant.h"

/* cxl bus device types, as CXL_DEVICE_* (the number is the modalias). */
enum {
	CXL_DEVICE_NVDIMM_BRIDGE = 1,
	CXL_DEVICE_NVDIMM,
	CXL_DEVICE_PORT,
	CXL_DEVICE_ROOT,
	CXL_DEVICE_MEMORY_EXPANDER,
	CXL_DEVICE_REGION,
	CXL_DEVICE_PMEM_REGION,
};

#define PCI_CLASS_MEMORY_CXL 0x050210u
#define PCI_CLASS_BRIDGE_PCI 0x060400u
#define PCI_CLASS_ACCELERATOR 0x120000u
#define PCI_VENDOR_ACCEL 0x1924u	/* an sfc-like Type-2 device */

struct pci_dev {
	struct device dev;
	uint32_t class;
	uint16_t vendor;
	/* Flags in bits: two pci_devs a memdev. */
	bool cxl_link : 1;		/* false in a PCIe-only slot */
	bool media_not_ready : 1;
	bool committed : 1;		/* a committed decoder: its range is soft-reserved */
	bool is_host_bridge : 1;	/* not a PCI function: the ACPI0016 object */
	bool rch : 1;			/* host bridge: restricted CXL host (CXL 1.1) */
	bool pci_only : 1;		/* accelerator: fell back to PCI-only */
	struct cxl_port *uport_of;	/* switch, host bridge: the newest port it is uport of */
	struct cxl_memdev *cxlmd;	/* set by a driver that created one */
	const struct cxl_topo_node *topo;	/* memdev, accelerator, switch upstream port:
						 * the topology node it was built from */
};

struct platform_device {
	struct device dev;
	char hid[16];
};

struct cxl_dport {
	struct device *dport_dev;
	struct cxl_port *port;
	bool rch;			/* a restricted CXL host bridge (CXL 1.1) */
	struct list_head list;
	struct cxl_dport *hash_next;	/* cxl_model.dport_hash chain */
};

struct cxl_port {
	struct device dev;
	struct device *uport_dev;
	struct cxl_dport *parent_dport;
	struct list_head dports;
	int id;
	bool is_root;
	bool is_endpoint;
	struct cxl_memdev *cxlmd;	/* endpoint: its memdev */
};

struct cxl_memdev;

/* Patch 6: what an accelerator passes so the call returns only with CXL.mem attached. */
struct cxl_memdev_attach {
	int (*probe)(struct cxl_memdev *cxlmd);
	void (*detach)(struct cxl_memdev *cxlmd);	/* memdev-detach-op follow-up */
};

struct cxl_dev_state {
	struct device *dev;		/* the PCI function */
	uint64_t pmem_size;		/* persistent partition: cxl_mem adds pmemN */
	bool media_ready;
	bool type2;
	bool rcd;			/* restricted CXL device, below an RCH */
	struct cxl_memdev *cxlmd;
};

/*
 * The kernel embeds detach_work in struct cxl_memdev; here it sits beside it,
 * because the runtime still touches a work item after its function returns
 * and detach_memdev() may drop the last reference to the memdev.  Allocated
 * when first queued (cxl_memdev_detach_work()), freed with the run.
 */
struct cxl_memdev_detach {
	struct sim_work work;
	struct cxl_memdev *cxlmd;
};

struct cxl_memdev {
	struct device dev;
	struct cxl_memdev_detach *detach;
	struct cxl_dev_state *cxlds;
	struct cxl_port *endpoint;
	const struct cxl_memdev_attach *attach;
	int id;
	bool present_at_boot;		/* added before the sync point started */
	void *err_rec_array;		/* EDAC repair records (patch 1's subject) */
	struct cxl_nvdimm_bridge *cxl_nvb;	/* held from devm_cxl_add_nvdimm() */
	struct cxl_nvdimm *cxl_nvd;
};

/*
 * libnvdimm, as far as cxl_pmem uses it (drivers/nvdimm/core.c, bus.c,
 * dimm_devs.c): an nvdimm bus device (ndbusN) per provider and an nvdimm
 * (nmemN) per DIMM below it, both on the "nd" bus.
 */
struct nvdimm_bus {
	struct device dev;
	struct sim_mutex reconfig_mutex;	/* nvdimm_bus_lock() */
	int id;
};

struct nvdimm {
	struct device dev;
	void *provider_data;
	int id;
};

/* core/pmem.c: the root of the CXL side of a libnvdimm hierarchy (nvdimm-bridgeN). */
struct cxl_nvdimm_bridge {
	struct device dev;
	struct cxl_port *port;
	struct nvdimm_bus *nvdimm_bus;	/* set while cxl_nvdimm_bridge_driver is bound */
	int id;
};

/* core/pmem.c: a memdev's persistent capacity as an nvdimm provider (pmemN). */
struct cxl_nvdimm {
	struct device dev;
	struct cxl_memdev *cxlmd;
};

/* cxl_pmem and libnvdimm state, per run. */
struct cxl_pmem_state {
	struct device_driver cxl_nvdimm_bridge_driver, cxl_nvdimm_driver, cxl_pmem_region_driver;
	struct bus_type nvdimm_bus_type;
	struct device_driver nd_bus_driver, nvdimm_driver;
	bool nvdimm_bus_registered;
	/* The kernel's IDAs hand out the lowest free id; counters, as for memdevs here. */
	int next_bridge_id, next_ndbus_id, next_nmem_id;
};

#define CXL_MAX_RANGES 64

struct soft_reserved {
	struct pci_dev *pdev;		/* the (first) device whose committed decoder maps it */
	struct pci_dev *members[16];	/* every memdev interleaved in its region */
	unsigned int ways;
	unsigned int attached;		/* members whose endpoint cxl_port bound, a bit each */
	bool in_region;			/* from a topology "region": @region names it */
	unsigned int region;
	bool cxl;			/* a CXL region was assembled over it */
	bool hmem;			/* dax_hmem took it */
};

struct cxl_model {
	unsigned int variant;
	struct cxl_topo *topo;
	struct bus_type pci_bus, platform_bus, cxl_bus;
	bool cxl_bus_registered;
	struct sim_workqueue *cxl_bus_wq;	/* ordered, as the kernel's cxl_bus_wq */
	struct sim_work cxl_bus_rescan_work;
	struct device_driver cxl_acpi_driver, cxl_port_driver, cxl_mem_driver, cxl_pci_driver,
		accel_driver;
	int next_port_id, next_memdev_id;
	struct cxl_port *root;
	struct pci_dev *hostbridges[TOPO_MAX_HB + 1];
	unsigned int nr_hostbridges;
	/*
	 * Every dport by dport_dev, so that find_cxl_port() is not a walk of the
	 * whole cxl bus (quadratic on large topologies); power-of-two buckets.
	 */
	struct cxl_dport **dport_hash;
	size_t dport_hash_mask;
	struct platform_device *acpi0017;
	struct list_head accels;		/* not used for ownership: pci_bus holds them */
	bool hmem_decided;
	bool rescan_outstanding;	/* cxl_bus_rescan queued or running at the decision */
	/* for the properties */
	unsigned int nr_sync_points;
	unsigned int nr_accel_cxl, nr_accel_pci_only, nr_accel_failed;
	struct cxl_shell *shell;		/* the "shell" workload (cxl/shell.h) */
	struct cxl_pmem_state pmem;		/* cxl_pmem, libnvdimm */
	/*
	 * Soft-reserved ranges and who claimed each (kernel-facts D2): at most
	 * one per topology node and CXL_MAX_RANGES, sized when the model is set
	 * up (64 of them were 10 KiB to clear on every run of a one-memdev
	 * topology).
	 */
	unsigned int nr_ranges, max_ranges;
	struct soft_reserved ranges[];
};

static inline struct cxl_model *cxl_model(void)
{
	return sim_layer(sim_current(), SIM_LAYER_CXL);
}

static inline bool cxl_variant(unsigned int toggle)
{
	return cxl_model()->variant & toggle;
}

static inline struct cxl_port *to_cxl_port(struct device *dev)
{
	return container_of(dev, struct cxl_port, dev);
}

static inline struct cxl_memdev *to_cxl_memdev(struct device *dev)
{
	return container_of(dev, struct cxl_memdev, dev);
}

static inline struct pci_dev *to_pci_dev(struct device *dev)
{
	return container_of(dev, struct pci_dev, dev);
}

static inline struct device *grandparent(struct device *dev)
{
	return dev && dev->parent ? dev->parent->parent : NULL;
}

extern const struct device_type cxl_port_type;
extern const struct device_type cxl_memdev_type;
extern const struct device_type cxl_nvdimm_bridge_type;
extern const struct device_type cxl_nvdimm_type;

static inline bool is_cxl_port(const struct device *dev)
{
	return dev->type == &cxl_port_type;
}

static inline bool is_cxl_memdev(const struct device *dev)
{
	return dev->type == &cxl_memdev_type;
}

static inline bool is_cxl_nvdimm_bridge(const struct device *dev)
{
	return dev->type == &cxl_nvdimm_bridge_type;
}

static inline bool is_cxl_nvdimm(const struct device *dev)
{
	return dev->type == &cxl_nvdimm_type;
}

static inline struct cxl_nvdimm_bridge *to_cxl_nvdimm_bridge(struct device *dev)
{
	return container_of(dev, struct cxl_nvdimm_bridge, dev);
}

static inline struct cxl_nvdimm *to_cxl_nvdimm(struct device *dev)
{
	return container_of(dev, struct cxl_nvdimm, dev);
}

/* core/port.c */
int cxl_endpoint_autoremove(struct cxl_memdev *cxlmd, struct cxl_port *endpoint);
struct cxl_port *devm_cxl_add_port(struct device *host, struct device *uport_dev,
				   struct cxl_dport *parent_dport);
struct cxl_dport *devm_cxl_add_dport(struct cxl_port *port, struct device *dport_dev);
struct cxl_dport *devm_cxl_add_rch_dport(struct cxl_port *port, struct device *dport_dev);
struct cxl_port *find_cxl_port(struct device *dport_dev, struct cxl_dport **dport);
struct cxl_dport *find_cxl_dport_by_dev(struct cxl_port *port, const struct device *dport_dev);
int devm_cxl_enumerate_ports(struct cxl_memdev *cxlmd);
struct cxl_port *cxl_mem_find_port(struct cxl_memdev *cxlmd, struct cxl_dport **dport);
void cxl_bus_rescan(void);
void cxl_bus_drain(void);
struct cxl_memdev_detach *cxl_memdev_detach_work(struct cxl_memdev *cxlmd);
bool schedule_cxl_memdev_detach(struct cxl_memdev *cxlmd);
int cxl_driver_register(struct device_driver *drv);

/* core/memdev.c (cxl_mem.ko with sync-memdev-attach) */
struct cxl_memdev *devm_cxl_add_memdev(struct device *host, struct cxl_dev_state *cxlds,
				       const struct cxl_memdev_attach *attach);
/* The endpoint add: mem.c in base, cxl_port.ko with sync-endpoint-attach. */
int devm_cxl_add_endpoint(struct device *host, struct cxl_memdev *cxlmd,
			  struct cxl_dport *parent_dport);

/* region.c: a committed endpoint decoder found by cxl_port assembles its region. */
void cxl_endpoint_region_discovery(struct cxl_port *endpoint);

/* core/edac.c (src/edac/memdev_repair.c): repair records, registered from cxl_mem_probe() */
int devm_cxl_memdev_edac_register(struct cxl_memdev *cxlmd);
/* Called from the memdev's release() before patch 1 only. */
void devm_cxl_memdev_edac_release(struct cxl_memdev *cxlmd);

/* core/pmem.c */
struct cxl_nvdimm_bridge *devm_cxl_add_nvdimm_bridge(struct device *host, struct cxl_port *port);
struct cxl_nvdimm_bridge *cxl_find_nvdimm_bridge(struct cxl_port *port);
int devm_cxl_add_nvdimm(struct cxl_port *parent_port, struct cxl_memdev *cxlmd);

/* libnvdimm.c */
struct nvdimm_bus *nvdimm_bus_register(struct device *parent, void *provider);
void nvdimm_bus_unregister(struct nvdimm_bus *nvdimm_bus);
struct nvdimm *__nvdimm_create(struct nvdimm_bus *nvdimm_bus, void *provider_data);
void nvdimm_delete(struct nvdimm *nvdimm);
extern const struct module_desc libnvdimm_module;

/* pmem.c */
extern const struct module_desc cxl_pmem_module;

/* Module descriptions per variant, for the model's setup. */
int cxl_modules_add(struct sim *s, unsigned int variant);
#define CXL_MAX_MODULES 16
/* The same descriptions into @out (at most @max); returns how many there are. */
size_t cxl_module_descs(unsigned int variant, const struct module_desc **out, size_t max);
int cxl_bus_init(void);
void cxl_bus_exit(void);

/* Errors as pointers, as the kernel's ERR_PTR. */
#define ERR_PTR(e) ((void *)(intptr_t)(e))
#define PTR_ERR(p) ((int)(intptr_t)(p))
#define IS_ERR(p) ((uintptr_t)(p) >= (uintptr_t)-4095)
#define ERR_CAST(p) ((void *)(p))

/* An RCiEP: a CXL device right on a host bridge, no root port (pci.c's is_cxl_restricted()). */
static inline bool is_cxl_restricted(const struct pci_dev *pdev)
{
	return pdev->dev.parent && to_pci_dev(pdev->dev.parent)->is_host_bridge;
}

#endif /* CXLSIM_CXL_CXL_H */
