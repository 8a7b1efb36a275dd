/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the linux model needs of the compiled kernel side, in plain C types
 * (the libcxlsim side never includes include/linux-compat).
 */
#ifndef CXLSIM_LINUX_LINUX_MODEL_H
#define CXLSIM_LINUX_LINUX_MODEL_H

#include <stddef.h>

struct module_desc;
struct device;

/* The compiled kernel modules (cxl_core, cxl_acpi, cxl_port, cxl_mem), as udev sees them. */
const struct module_desc *const *linux_kernel_modules(size_t *n);
/*
 * In the boot task: the kernel globals of the compat layer that the CXL
 * platform needs set up per run (the platform bus and its root device, the
 * memregion ids).  src/linux/platform.c.
 */
int linux_platform_init(void);
/* The MODALIAS= a kernel bus's uevent callbacks give @dev, in @buf; NULL if none (uevent.c). */
const char *linux_uevent_modalias(struct device *dev, char *buf, size_t len);

#endif /* CXLSIM_LINUX_LINUX_MODEL_H */
