/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * LIBNVDIMM as cxl_pmem uses it.  Registering an nvdimm bus is a cxl_test
 * seam (nvdimm_bus_register), answered by the mock platform; the rest of
 * LIBNVDIMM is not provided and is left to the unimplemented stubs.
 */
#ifndef _LINUX_COMPAT_LIBNVDIMM_H
#define _LINUX_COMPAT_LIBNVDIMM_H

#include <linux/types.h>
#include <linux/sysfs.h>
#include <linux/uuid.h>

struct device;
struct device_node;
struct module;
struct nvdimm;
struct nvdimm_bus;
struct nd_region;
struct resource;
struct nvdimm_bus_descriptor;
struct nvdimm_bus_fw_ops;

typedef int (*ndctl_fn)(struct nvdimm_bus_descriptor *nd_desc, struct nvdimm *nvdimm,
			unsigned int cmd, void *buf, unsigned int buf_len, int *cmd_rc);

struct nvdimm_bus_descriptor {
	const struct attribute_group **attr_groups;
	unsigned long cmd_mask;
	unsigned long dimm_family_mask;
	unsigned long bus_family_mask;
	struct module *module;
	char *provider_name;
	struct device_node *of_node;
	ndctl_fn ndctl;
	int (*flush_probe)(struct nvdimm_bus_descriptor *nd_desc);
	int (*clear_to_send)(struct nvdimm_bus_descriptor *nd_desc, struct nvdimm *nvdimm,
			     unsigned int cmd, void *data);
	const struct nvdimm_bus_fw_ops *fw_ops;
};

#define NVDIMM_PASSPHRASE_LEN 32
#define NVDIMM_KEY_DESC_LEN 22

struct nvdimm_key_data {
	u8 data[NVDIMM_PASSPHRASE_LEN];
};

enum nvdimm_passphrase_type {
	NVDIMM_USER,
	NVDIMM_MASTER,
};

enum nvdimm_security_bits {
	NVDIMM_SECURITY_DISABLED,
	NVDIMM_SECURITY_UNLOCKED,
	NVDIMM_SECURITY_LOCKED,
	NVDIMM_SECURITY_FROZEN,
	NVDIMM_SECURITY_OVERWRITE,
};

struct nvdimm_security_ops {
	unsigned long (*get_flags)(struct nvdimm *nvdimm, enum nvdimm_passphrase_type pass_type);
	int (*freeze)(struct nvdimm *nvdimm);
	int (*change_key)(struct nvdimm *nvdimm, const struct nvdimm_key_data *old_data,
			  const struct nvdimm_key_data *new_data,
			  enum nvdimm_passphrase_type pass_type);
	int (*unlock)(struct nvdimm *nvdimm, const struct nvdimm_key_data *key_data);
	int (*disable)(struct nvdimm *nvdimm, const struct nvdimm_key_data *key_data);
	int (*erase)(struct nvdimm *nvdimm, const struct nvdimm_key_data *key_data,
		     enum nvdimm_passphrase_type pass_type);
	int (*overwrite)(struct nvdimm *nvdimm, const struct nvdimm_key_data *key_data);
	int (*query_overwrite)(struct nvdimm *nvdimm);
	int (*disable_master)(struct nvdimm *nvdimm, const struct nvdimm_key_data *key_data);
};

enum {
	NDD_UNARMED = 1,
	NDD_LOCKED = 2,
	NDD_SECURITY_OVERWRITE = 3,
	NDD_WORK_PENDING = 4,
	NDD_LABELING = 6,
	NDD_INCOHERENT = 7,
	NDD_REGISTER_SYNC = 8,

	ND_CMD_MAX_ELEM = 5,
	ND_CMD_MAX_ENVELOPE = 256,
	ND_MAX_MAPPINGS = 32,

	ND_REGION_PAGEMAP = 0,
	ND_REGION_PERSIST_CACHE = 1,
	ND_REGION_PERSIST_MEMCTRL = 2,
	ND_REGION_ASYNC = 3,
	ND_REGION_CXL = 4,
};

struct nd_interleave_set {
	u64 cookie1;
	u64 cookie2;
	u64 altcookie;
	guid_t type_guid;
};

struct nd_mapping_desc {
	struct nvdimm *nvdimm;
	u64 start;
	u64 size;
	int position;
};

struct bio;
struct nd_region_desc {
	struct resource *res;
	struct nd_mapping_desc *mapping;
	u16 num_mappings;
	const struct attribute_group **attr_groups;
	struct nd_interleave_set *nd_set;
	void *provider_data;
	int num_lanes;
	int numa_node;
	int target_node;
	unsigned long flags;
	int memregion;
	struct device_node *of_node;
	int (*flush)(struct nd_region *nd_region, struct bio *bio);
};

struct nvdimm_fw_ops;

/* LIBNVDIMM's dimms and regions: not provided (left to the unimplemented stubs). */
struct nvdimm *to_nvdimm(struct device *dev);
unsigned long nvdimm_cmd_mask(struct nvdimm *nvdimm);
void *nvdimm_provider_data(struct nvdimm *nvdimm);
struct nvdimm *__nvdimm_create(struct nvdimm_bus *nvdimm_bus, void *provider_data,
			       const struct attribute_group **groups, unsigned long flags,
			       unsigned long cmd_mask, int num_flush, struct resource *flush_wpq,
			       const char *dimm_id, const struct nvdimm_security_ops *sec_ops,
			       const struct nvdimm_fw_ops *fw_ops);
void nvdimm_delete(struct nvdimm *nvdimm);
struct nd_region *nvdimm_pmem_region_create(struct nvdimm_bus *nvdimm_bus,
					    struct nd_region_desc *ndr_desc);
void nvdimm_region_delete(struct nd_region *nd_region);

/* The cxl_test seam: the mock platform registers a bus of its own (src/linux/mock). */
struct nvdimm_bus *nvdimm_bus_register(struct device *parent,
				       struct nvdimm_bus_descriptor *nfit_desc);
void nvdimm_bus_unregister(struct nvdimm_bus *nvdimm_bus);

#endif /* _LINUX_COMPAT_LIBNVDIMM_H */
