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

/* The cxl_test seam: the mock platform registers a bus of its own (src/linux/mock). */
struct nvdimm_bus *nvdimm_bus_register(struct device *parent,
				       struct nvdimm_bus_descriptor *nfit_desc);
void nvdimm_bus_unregister(struct nvdimm_bus *nvdimm_bus);

#endif /* _LINUX_COMPAT_LIBNVDIMM_H */
