/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The ACPI the CXL drivers see: device objects for ACPI0017 and the ACPI0016
 * host bridges (companions of the mock platform's devices, as in cxl_test),
 * _UID evaluation, the PCI root of a host bridge, and the CEDT.  There is no
 * namespace and no interpreter: what the mock platform (src/linux/mock)
 * cannot answer honestly is left to the unimplemented-symbol stubs.
 */
#ifndef _LINUX_COMPAT_ACPI_H
#define _LINUX_COMPAT_ACPI_H

#include <linux/types.h>
#include <linux/errno.h>
#include <linux/device.h>
#include <linux/fwnode.h>
#include <linux/uuid.h>
#include <linux/mod_devicetable.h>
#include <linux/fw_table.h>

typedef void *acpi_handle;
typedef u32 acpi_status;
typedef char *acpi_string;
typedef u64 acpi_integer;

#define AE_OK ((acpi_status)0)
#define AE_NOT_FOUND ((acpi_status)5)
#define AE_ERROR ((acpi_status)1)
#define ACPI_SUCCESS(a) (!(a))
#define ACPI_FAILURE(a) (a)

#define METHOD_NAME__UID "_UID"

#define ACPI_TYPE_ANY 0x00
#define ACPI_TYPE_INTEGER 0x01
#define ACPI_TYPE_STRING 0x02
#define ACPI_TYPE_BUFFER 0x03
#define ACPI_TYPE_PACKAGE 0x04

union acpi_object {
	u32 type;
	struct {
		u32 type;
		u64 value;
	} integer;
	struct {
		u32 type;
		u32 length;
		char *pointer;
	} string;
	struct {
		u32 type;
		u32 length;
		u8 *pointer;
	} buffer;
	struct {
		u32 type;
		u32 count;
		union acpi_object *elements;
	} package;
};

struct acpi_object_list {
	u32 count;
	union acpi_object *pointer;
};

#define ACPI_FREE(a) kfree(a)

struct acpi_device_pnp {
	const char *bus_id;
	const char *hardware_id;
	const char *unique_id;
};

/*
 * An ACPI namespace device.  For the mock platform it is a companion: never
 * added, reached from its platform device's fwnode.
 */
struct acpi_device {
	acpi_handle handle;
	struct fwnode_handle fwnode;
	struct acpi_device_pnp pnp;
	struct device dev;
};

#define to_acpi_device(d) container_of((d), struct acpi_device, dev)
#define to_acpi_device_node(f) container_of((f), struct acpi_device, fwnode)

/* Is @fwnode an ACPI device's node?  The mock platform answers (a cxl_test seam). */
bool is_acpi_device_node(const struct fwnode_handle *fwnode);

static inline struct acpi_device *acpi_dev_companion(const struct device *dev)
{
	struct fwnode_handle *fwnode = dev ? dev->fwnode : NULL;

	if (!fwnode || !is_acpi_device_node(fwnode))
		return NULL;
	return to_acpi_device_node(fwnode);
}
#define ACPI_COMPANION(dev) acpi_dev_companion(dev)
#define ACPI_HANDLE(dev)                                                                    \
	({                                                                                  \
		struct acpi_device *__adev = ACPI_COMPANION(dev);                           \
		__adev ? __adev->handle : NULL;                                             \
	})

static inline const char *acpi_device_hid(struct acpi_device *adev)
{
	return adev->pnp.hardware_id ? adev->pnp.hardware_id : "device";
}

static inline const char *acpi_device_uid(struct acpi_device *adev)
{
	return adev->pnp.unique_id;
}

struct pci_bus;
struct acpi_pci_root {
	struct acpi_device *device;
	struct pci_bus *bus;
	u16 segment;
	int bridge_type;
};

/* The cxl_test seams: answered by the mock platform from the topology. */
acpi_status acpi_evaluate_integer(acpi_handle handle, acpi_string pathname,
				  struct acpi_object_list *arguments, unsigned long long *data);
struct acpi_pci_root *acpi_pci_find_root(acpi_handle handle);
int acpi_table_parse_cedt(enum acpi_cedt_type id, acpi_tbl_entry_handler_arg handler_arg,
			  void *arg);

/* _DSM evaluation: the mock platform has no AML, so this is left unimplemented. */
union acpi_object *acpi_evaluate_dsm(acpi_handle handle, const guid_t *guid, u64 rev, u64 func,
				     union acpi_object *argv4);

struct access_coordinate;
/* No HMAT and no ACPI NUMA here, as in a kernel built without them (see linux/node.h). */
static inline int acpi_get_genport_coordinates(u32 uid, struct access_coordinate *coord)
{
	return -EOPNOTSUPP;
}

static inline bool acpi_node_backed_by_real_pxm(int nid)
{
	return false;
}

static inline bool has_acpi_companion(struct device *dev)
{
	return ACPI_COMPANION(dev) != NULL;
}

#define acpi_disabled 0

#endif /* _LINUX_COMPAT_ACPI_H */
