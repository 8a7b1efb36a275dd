/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PCI configuration-space offsets and fields (PCI Local Bus and PCIe Base specifications). */
#ifndef _LINUX_COMPAT_PCI_REGS_H
#define _LINUX_COMPAT_PCI_REGS_H

#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_CLASS_REVISION 0x08
#define PCI_BASE_ADDRESS_0 0x10
#define PCI_BASE_ADDRESS_1 0x14
#define PCI_BASE_ADDRESS_SPACE_IO 0x01
#define PCI_BASE_ADDRESS_MEM_TYPE_1M 0x02
#define PCI_BASE_ADDRESS_MEM_TYPE_64 0x04
#define PCI_BASE_ADDRESS_MEM_MASK (~0x0fUL)

/* PCI Express capability */
#define PCI_EXP_FLAGS 0x02
#define PCI_EXP_FLAGS_TYPE 0x00f0
#define PCI_EXP_TYPE_ENDPOINT 0x0
#define PCI_EXP_TYPE_ROOT_PORT 0x4
#define PCI_EXP_TYPE_UPSTREAM 0x5
#define PCI_EXP_TYPE_DOWNSTREAM 0x6
#define PCI_EXP_TYPE_RC_END 0x9
#define PCI_EXP_DEVCTL 0x08
#define PCI_EXP_LNKCAP 0x0c
#define PCI_EXP_LNKCAP_PN 0xff000000
#define PCI_EXP_LNKSTA2 0x32
#define PCI_EXP_LNKSTA2_FLIT 0x0400

/* Extended capabilities */
#define PCI_CFG_SPACE_SIZE 256
#define PCI_CFG_SPACE_EXP_SIZE 4096
#define PCI_EXT_CAP_ID(header) ((header) & 0x0000ffff)
#define PCI_EXT_CAP_VER(header) (((header) >> 16) & 0xf)
#define PCI_EXT_CAP_NEXT(header) (((header) >> 20) & 0xffc)
#define PCI_EXT_CAP_ID_ERR 0x01
#define PCI_EXT_CAP_ID_DOE 0x2e
#define PCI_EXT_CAP_ID_DVSEC 0x23

/* Advanced Error Reporting */
#define PCI_ERR_UNCOR_STATUS 0x04
#define PCI_ERR_COR_STATUS 0x10
#define PCI_ERR_HEADER_LOG 0x1c
#define PCI_ERR_ROOT_COMMAND 0x2c
#define PCI_ERR_ROOT_CMD_COR_EN 0x00000001
#define PCI_ERR_ROOT_CMD_NONFATAL_EN 0x00000002
#define PCI_ERR_ROOT_CMD_FATAL_EN 0x00000004

/* Designated Vendor-Specific Extended Capability */
#define PCI_DVSEC_HEADER1 0x4
#define PCI_DVSEC_HEADER2 0x8

#endif /* _LINUX_COMPAT_PCI_REGS_H */
