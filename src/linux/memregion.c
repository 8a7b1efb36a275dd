// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Memory region ids (drivers/base's memregion IDA): the lowest free id.
 * The IDA is a kernel global: memregion_reset() starts each run afresh.
 */
#include <linux/idr.h>
#include <linux/memregion.h>

static struct ida memregion_ids;

void memregion_reset(void)
{
	ida_init(&memregion_ids);
}

int memregion_alloc(gfp_t gfp)
{
	return ida_alloc(&memregion_ids, gfp);
}

void memregion_free(int id)
{
	ida_free(&memregion_ids, id);
}
