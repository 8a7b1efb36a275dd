/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Memory region ids: the lowest free id, as the kernel's memregion IDA hands
 * them out (src/linux/memregion.c, reset with every run).
 */
#ifndef _LINUX_COMPAT_MEMREGION_H
#define _LINUX_COMPAT_MEMREGION_H

#include <linux/types.h>

struct memregion_info {
	int target_node;
};

int memregion_alloc(gfp_t gfp);
void memregion_free(int id);
/* Per run: forget every id (src/linux/memregion.c). */
void memregion_reset(void);

static inline bool cpu_cache_has_invalidate_memregion(void)
{
	return false;
}

int cpu_cache_invalidate_memregion(int res_desc);

#endif /* _LINUX_COMPAT_MEMREGION_H */
