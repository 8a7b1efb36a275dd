/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * PCIe Data Object Exchange mailboxes.  The mock platform's devices are not
 * PCI devices and have none; both calls are left to the unimplemented stubs.
 */
#ifndef _LINUX_COMPAT_PCI_DOE_H
#define _LINUX_COMPAT_PCI_DOE_H

#include <linux/types.h>

struct pci_dev;
struct pci_doe_mb;

#define PCI_DOE_FEATURE_DISCOVERY 0

struct pci_doe_mb *pci_find_doe_mailbox(struct pci_dev *pdev, u16 vendor, u8 type);
int pci_doe(struct pci_doe_mb *doe_mb, u16 vendor, u8 type, const void *request, size_t request_sz,
	    void *response, size_t response_sz);

#endif /* _LINUX_COMPAT_PCI_DOE_H */
