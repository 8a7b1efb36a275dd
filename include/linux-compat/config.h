/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The kernel configuration every kernel-style file is compiled with (-include).
 * The CXL parts are modules, as cxl_test requires; what the compat layer does
 * not model (PCI AER, NUMA, HMAT, hotplug, LIBNVDIMM security...) is off.
 */
#ifndef _LINUX_COMPAT_CONFIG_H
#define _LINUX_COMPAT_CONFIG_H

/* Kernel headers reach errno values through many paths; every file sees them here. */
#include <linux/errno.h>

#define CONFIG_64BIT 1
#define CONFIG_X86_64 1
#define CONFIG_ACPI 1
#define CONFIG_PCI 1
#define CONFIG_CXL_BUS_MODULE 1
#define CONFIG_CXL_PORT_MODULE 1
#define CONFIG_CXL_ACPI_MODULE 1
#define CONFIG_CXL_MEM_MODULE 1
#define CONFIG_MODULES 1
#define CONFIG_PRINTK 1
#define CONFIG_BASE_SMALL 0
#define CONFIG_NR_CPUS 1
#define CONFIG_PAGE_SHIFT 12

#endif /* _LINUX_COMPAT_CONFIG_H */
