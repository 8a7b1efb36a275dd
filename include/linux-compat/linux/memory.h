/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Memory hotplug notifications: a kernel without memory hotplug (see linux/node.h). */
#ifndef _LINUX_COMPAT_MEMORY_H
#define _LINUX_COMPAT_MEMORY_H

#include <linux/notifier.h>

#define MEM_ONLINE (1 << 0)
#define MEM_GOING_OFFLINE (1 << 1)
#define MEM_OFFLINE (1 << 2)
#define MEM_GOING_ONLINE (1 << 3)
#define MEM_CANCEL_ONLINE (1 << 4)
#define MEM_CANCEL_OFFLINE (1 << 5)

struct memory_notify {
	unsigned long start_pfn;
	unsigned long nr_pages;
	int status_change_nid_normal;
	int status_change_nid;
};

static inline int register_memory_notifier(struct notifier_block *nb)
{
	return 0;
}

static inline void unregister_memory_notifier(struct notifier_block *nb)
{
}

#endif /* _LINUX_COMPAT_MEMORY_H */
