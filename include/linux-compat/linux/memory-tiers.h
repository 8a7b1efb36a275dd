/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Memory tiers: a kernel without NUMA (see linux/node.h). */
#ifndef _LINUX_COMPAT_MEMORY_TIERS_H
#define _LINUX_COMPAT_MEMORY_TIERS_H

#include <linux/errno.h>
#include <linux/notifier.h>
#include <linux/node.h>

static inline int register_mt_adistance_algorithm(struct notifier_block *nb)
{
	return 0;
}

static inline int unregister_mt_adistance_algorithm(struct notifier_block *nb)
{
	return 0;
}

static inline int mt_perf_to_adistance(struct access_coordinate *perf, int *adist)
{
	return -EIO;
}

#endif /* _LINUX_COMPAT_MEMORY_TIERS_H */
