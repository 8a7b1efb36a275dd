/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Kernel variants: which patches of the series "cxl: Initialization reworks
 * in support Soft Reserve Recovery and Accelerator Memory" (for-7.0/cxl-init)
 * the model runs with.  The model tests these bits at the spots the patches
 * touch, e.g. `if (cxl_variant(CXL_SYNC_MEMDEV_ATTACH))`.
 */
#ifndef CXLSIM_CXL_VARIANT_H
#define CXLSIM_CXL_VARIANT_H

#include <stdbool.h>
#include <stddef.h>

enum cxl_toggle {
	CXL_EDAC_RELEASE_FIX = 1u << 0,		/* patch 1 */
	CXL_SYNC_MEMDEV_ATTACH = 1u << 1,	/* patch 2 */
	CXL_SYNC_ENDPOINT_ATTACH = 1u << 2,	/* patch 3 */
	CXL_SCOPED_CLEANUP = 1u << 3,		/* patch 4 */
	CXL_DROP_HOST_ARG = 1u << 4,		/* patch 5 */
	CXL_MEMDEV_PROBE_OP = 1u << 5,		/* patch 6 */
	CXL_MEMDEV_DETACH_OP = 1u << 6,		/* follow-up proposed in the thread */
	/* Fixes merged after the series: never part of "series" (the branch as merged). */
	CXL_AUTOREMOVE_DEADLOCK_FIX = 1u << 7,	/* 318c58852e68 */
	CXL_PORT_HOST_LOCK_FIX = 1u << 8,	/* 0066688dbcdc */
};

#define CXL_SERIES_TOGGLES                                                                  \
	(CXL_EDAC_RELEASE_FIX | CXL_SYNC_MEMDEV_ATTACH | CXL_SYNC_ENDPOINT_ATTACH |           \
	 CXL_SCOPED_CLEANUP | CXL_DROP_HOST_ARG | CXL_MEMDEV_PROBE_OP)

/*
 * The kernel commit each named variant models (docs/conformance.md).  base
 * is the for-7.0/cxl-init branch point, the first parent of patch 1; series
 * is the merge of that branch into cxl-for-next, whose drivers/cxl matches
 * the branch head (patch 6, 29317f8d, and bc62f5b3 outside drivers/cxl).
 */
#define CXL_BASE_COMMIT "10016118b6fade907143a32a7aeaa777063dc79c^"
#define CXL_SERIES_COMMIT "3f7938b1aec7f06d5b23adca83e4542fcf027001"

struct cxl_toggle_info {
	enum cxl_toggle bit;
	const char *name;
	const char *patch;	/* which patch, and its commit; "proposal" if none merged it */
	const char *summary;
};

/* The toggles in patch order, ending with a zeroed entry. */
extern const struct cxl_toggle_info cxl_toggles[];

/*
 * Parse "base", "series", "base+t1,t2", "series+t1,t2" or "series-t1,t2"
 * into a toggle mask.
 * On error writes the problem into @err and returns -EINVAL.
 */
int cxl_variant_parse(const char *spec, unsigned int *mask, char *err, size_t errlen);
/*
 * Canonical name of @mask ("base", "series", "series+a,b" when it holds the
 * whole series and more, else "base+a,b"); returns @buf.
 */
const char *cxl_variant_name(unsigned int mask, char *buf, size_t len);

#endif /* CXLSIM_CXL_VARIANT_H */
