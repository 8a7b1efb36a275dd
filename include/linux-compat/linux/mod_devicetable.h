/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The device-id tables drivers match on (PCI, ACPI, platform). */
#ifndef _LINUX_COMPAT_MOD_DEVICETABLE_H
#define _LINUX_COMPAT_MOD_DEVICETABLE_H

#include <linux/types.h>

#define PCI_ANY_ID (~0)

struct pci_device_id {
	__u32 vendor, device;
	__u32 subvendor, subdevice;
	__u32 class, class_mask;
	kernel_ulong_t driver_data;
	__u32 override_only;
};

#define ACPI_ID_LEN 16

struct acpi_device_id {
	__u8 id[ACPI_ID_LEN];
	kernel_ulong_t driver_data;
	__u32 cls;
	__u32 cls_msk;
};

#define PLATFORM_NAME_SIZE 24

struct platform_device_id {
	char name[PLATFORM_NAME_SIZE];
	kernel_ulong_t driver_data;
};

#endif /* _LINUX_COMPAT_MOD_DEVICETABLE_H */
