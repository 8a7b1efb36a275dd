/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PCIe Advanced Error Reporting records (the AER capability's registers). */
#ifndef _LINUX_COMPAT_AER_H
#define _LINUX_COMPAT_AER_H

#include <linux/types.h>

#define AER_NONFATAL 0
#define AER_FATAL 1
#define AER_CORRECTABLE 2
#define DPC_FATAL 3

struct pci_dev;

struct pcie_tlp_log {
	u32 dw[4];
};

struct aer_capability_regs {
	u32 header;
	u32 uncor_status;
	u32 uncor_mask;
	u32 uncor_severity;
	u32 cor_status;
	u32 cor_mask;
	u32 cap_control;
	struct pcie_tlp_log header_log;
	u32 root_command;
	u32 root_status;
	u16 cor_err_source;
	u16 uncor_err_source;
};

/* The mock platform has no AER: these are left to the unimplemented stubs. */
int pcie_read_tlp_log(struct pci_dev *dev, int where, struct pcie_tlp_log *log);
void pci_print_aer(struct pci_dev *dev, int aer_severity, struct aer_capability_regs *aer);
void pcie_print_tlp_log(const struct pci_dev *dev, const struct pcie_tlp_log *log,
			const char *pfx);
int pci_aer_clear_nonfatal_status(struct pci_dev *dev);
int pcie_aer_is_native(struct pci_dev *dev);

#endif /* _LINUX_COMPAT_AER_H */
