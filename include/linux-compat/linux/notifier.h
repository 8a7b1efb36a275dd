/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Notifier blocks (the CXL code embeds them; no chain is called in a run). */
#ifndef _LINUX_COMPAT_NOTIFIER_H
#define _LINUX_COMPAT_NOTIFIER_H

struct notifier_block;
typedef int (*notifier_fn_t)(struct notifier_block *nb, unsigned long action, void *data);

struct notifier_block {
	notifier_fn_t notifier_call;
	struct notifier_block *next;
	int priority;
};

#define NOTIFY_DONE 0x0000
#define NOTIFY_OK 0x0001
#define NOTIFY_STOP_MASK 0x8000
#define NOTIFY_BAD (NOTIFY_STOP_MASK | 0x0002)
#define NOTIFY_STOP (NOTIFY_OK | NOTIFY_STOP_MASK)

#endif /* _LINUX_COMPAT_NOTIFIER_H */
