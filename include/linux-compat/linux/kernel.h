/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The grab-bag of include/linux/kernel.h: helpers every kernel file expects. */
#ifndef _LINUX_COMPAT_KERNEL_H
#define _LINUX_COMPAT_KERNEL_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/bug.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/bits.h>
#include <linux/bitops.h>
#include <linux/log2.h>
#include <linux/math.h>
#include <linux/printk.h>
#include <linux/overflow.h>
#include <linux/kstrtox.h>
#include <linux/string.h>
#include <linux/compiler.h>
#include <linux/container_of.h>
#include <linux/array_size.h>
#include <linux/sprintf.h>
#include <linux/instruction_pointer.h>
#include <linux/sizes.h>
#include <linux/math64.h>
#include <linux/byteorder.h>
#include <linux/uaccess.h>

#define STACK_MAGIC 0xdeadbeef
#define REPEAT_BYTE(x) ((~0ul / 0xff) * (x))
#define PTR_IF(cond, ptr) ((cond) ? (ptr) : NULL)
#define u64_to_user_ptr(x) ((void __user *)(uintptr_t)(x))

/* No preemption here: a task runs until its next scheduling point. */
#define might_sleep() do { } while (0)
#define might_sleep_if(c) do { } while (0)
#define cond_resched() 0
#define cpu_relax() do { } while (0)
#define in_interrupt() 0
#define in_atomic() 0
#define irqs_disabled() 0

enum system_states {
	SYSTEM_BOOTING,
	SYSTEM_SCHEDULING,
	SYSTEM_FREEING_INITMEM,
	SYSTEM_RUNNING,
	SYSTEM_HALT,
	SYSTEM_POWER_OFF,
	SYSTEM_RESTART,
	SYSTEM_SUSPEND,
};
#define system_state SYSTEM_RUNNING

#endif /* _LINUX_COMPAT_KERNEL_H */
