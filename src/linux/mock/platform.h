/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The mock CXL platform's face toward the model (src/linux/model.c): plain C
 * types only, so that libcxlsim code and kernel-style code can both include
 * it.  The platform itself (cxl_platform.c, cxl_mock_mem.c) is kernel-style
 * code compiled against include/linux-compat and the tree's drivers/cxl.
 */
#ifndef CXLSIM_LINUX_MOCK_PLATFORM_H
#define CXLSIM_LINUX_MOCK_PLATFORM_H

struct cxl_topo;

/* Forget the previous run's platform (its memory went with the run's reset). */
void cxl_mock_platform_reset(void);
/*
 * Firmware enumeration, in the boot task: the ACPI0016 host bridges, their
 * root ports, switches and memory devices as platform devices, then the
 * ACPI0017 device, as cxl_test's init adds them.  The CEDT is built from
 * @t's host bridges and windows.  0 or a negative errno.
 */
int cxl_mock_platform_create(const struct cxl_topo *t);

/*
 * Called by the mock memory-device driver where devm_cxl_add_memdev()
 * returned (src/linux/model.c checks memdev-attached): @name is memN (NULL
 * when the call failed), @probes the driver core's count of probes of memN.
 */
void cxl_linux_memdev_added(const char *name, unsigned int probes, int rc);

#endif /* CXLSIM_LINUX_MOCK_PLATFORM_H */
