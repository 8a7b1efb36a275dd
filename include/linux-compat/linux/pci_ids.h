/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The PCI ids the CXL code names (the CXL consortium's vendor id, the CXL memory class). */
#ifndef _LINUX_COMPAT_PCI_IDS_H
#define _LINUX_COMPAT_PCI_IDS_H

#define PCI_CLASS_MEMORY_CXL 0x0502
#define PCI_VENDOR_ID_CXL 0x1e98
#define PCI_VENDOR_ID_INTEL 0x8086

#endif /* _LINUX_COMPAT_PCI_IDS_H */
