/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Firmware table subtables (ACPI CEDT, CDAT) with the layouts of the ACPI
 * 6.5 and CDAT 1.03 specifications, packed as the tables are in memory, and
 * the parser callback types.
 */
#ifndef _LINUX_COMPAT_FW_TABLE_H
#define _LINUX_COMPAT_FW_TABLE_H

#include <linux/types.h>

struct acpi_subtable_header {
	u8 type;
	u8 length;
} __attribute__((packed));

/* CEDT: CXL Early Discovery Table. */
struct acpi_cedt_header {
	u8 type;
	u8 reserved;
	u16 length;
} __attribute__((packed));

enum acpi_cedt_type {
	ACPI_CEDT_TYPE_CHBS = 0,	/* host bridge structure */
	ACPI_CEDT_TYPE_CFMWS = 1,	/* fixed memory window */
	ACPI_CEDT_TYPE_CXIMS = 2,	/* XOR interleave math */
	ACPI_CEDT_TYPE_RDPAS = 3,
	ACPI_CEDT_TYPE_RESERVED = 4,
};

struct acpi_cedt_chbs {
	struct acpi_cedt_header header;
	u32 uid;
	u32 cxl_version;
	u32 reserved;
	u64 base;
	u64 length;
} __attribute__((packed));

#define ACPI_CEDT_CHBS_VERSION_CXL11 (0)
#define ACPI_CEDT_CHBS_VERSION_CXL20 (1)
#define ACPI_CEDT_CHBS_LENGTH_CXL11 (0x2000)
#define ACPI_CEDT_CHBS_LENGTH_CXL20 (0x10000)

struct acpi_cedt_cfmws {
	struct acpi_cedt_header header;
	u32 reserved1;
	u64 base_hpa;
	u64 window_size;
	u8 interleave_ways;
	u8 interleave_arithmetic;
	u16 reserved2;
	u32 granularity;
	u16 restrictions;
	u16 qtg_id;
	u32 interleave_targets[];
} __attribute__((packed));

#define ACPI_CEDT_CFMWS_ARITHMETIC_MODULO (0)
#define ACPI_CEDT_CFMWS_ARITHMETIC_XOR (1)

#define ACPI_CEDT_CFMWS_RESTRICT_TYPE2 (1)
#define ACPI_CEDT_CFMWS_RESTRICT_TYPE3 (1 << 1)
#define ACPI_CEDT_CFMWS_RESTRICT_VOLATILE (1 << 2)
#define ACPI_CEDT_CFMWS_RESTRICT_PMEM (1 << 3)
#define ACPI_CEDT_CFMWS_RESTRICT_FIXED (1 << 4)

struct acpi_cedt_cxims {
	struct acpi_cedt_header header;
	u16 reserved1;
	u8 hbig;
	u8 nr_xormaps;
	u64 xormap_list[];
} __attribute__((packed));

/* CDAT: Coherent Device Attribute Table. */
struct acpi_table_cdat {
	u32 length;
	u8 revision;
	u8 checksum;
	u8 reserved[6];
	u32 sequence;
} __attribute__((packed));

struct acpi_cdat_header {
	u8 type;
	u8 reserved;
	u16 length;
} __attribute__((packed));

enum acpi_cdat_type {
	ACPI_CDAT_TYPE_DSMAS = 0,
	ACPI_CDAT_TYPE_DSLBIS = 1,
	ACPI_CDAT_TYPE_DSMSCIS = 2,
	ACPI_CDAT_TYPE_DSIS = 3,
	ACPI_CDAT_TYPE_DSEMTS = 4,
	ACPI_CDAT_TYPE_SSLBIS = 5,
	ACPI_CDAT_TYPE_RESERVED = 6,
};

struct acpi_cdat_dsmas {
	u8 dsmad_handle;
	u8 flags;
	u16 reserved;
	u64 dpa_base_address;
	u64 dpa_length;
} __attribute__((packed));

#define ACPI_CDAT_DSMAS_NON_VOLATILE (1 << 2)

struct acpi_cdat_dslbis {
	u8 handle;
	u8 flags;
	u8 data_type;
	u8 reserved;
	u64 entry_base_unit;
	u16 entry[3];
	u16 reserved2;
} __attribute__((packed));

struct acpi_cdat_sslbis {
	u8 data_type;
	u8 reserved[3];
	u64 entry_base_unit;
} __attribute__((packed));

#define ACPI_CDAT_SSLBIS_US_PORT 0x0100
#define ACPI_CDAT_SSLBIS_ANY_PORT 0xffff

struct acpi_cdat_sslbe {
	u16 portx_id;
	u16 porty_id;
	u16 latency_or_bandwidth;
	u16 reserved;
} __attribute__((packed));

/* HMAT data types and flags (System Locality Latency and Bandwidth). */
#define ACPI_HMAT_MEMORY_HIERARCHY (0x0F)
#define ACPI_HMAT_MEMORY (0)
#define ACPI_HMAT_ACCESS_LATENCY (0)
#define ACPI_HMAT_READ_LATENCY (1)
#define ACPI_HMAT_WRITE_LATENCY (2)
#define ACPI_HMAT_ACCESS_BANDWIDTH (3)
#define ACPI_HMAT_READ_BANDWIDTH (4)
#define ACPI_HMAT_WRITE_BANDWIDTH (5)

union acpi_subtable_headers {
	struct acpi_subtable_header common;
	struct acpi_cedt_header cedt;
	struct acpi_cdat_header cdat;
};

typedef int (*acpi_tbl_entry_handler)(union acpi_subtable_headers *header, const unsigned long end);
typedef int (*acpi_tbl_entry_handler_arg)(union acpi_subtable_headers *header, void *arg,
					  const unsigned long end);

/* lib/fw_table.c's parser; the mock platform has no CDAT, so nothing here provides it. */
int cdat_table_parse(enum acpi_cdat_type type, acpi_tbl_entry_handler_arg handler_arg, void *arg,
		     struct acpi_table_cdat *table_header, unsigned long length);

#endif /* _LINUX_COMPAT_FW_TABLE_H */
