/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The kernel's fixed-width and special-purpose types.  The C library's own
 * (dev_t, ssize_t, loff_t, mode_t) are taken from <sys/types.h> rather than
 * redefined, so that kernel-style files may include libc headers too.
 */
#ifndef _LINUX_COMPAT_TYPES_H
#define _LINUX_COMPAT_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <linux/compiler.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef unsigned long long u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef long long s64;
typedef u8 __u8;
typedef u16 __u16;
typedef u32 __u32;
typedef u64 __u64;
typedef s8 __s8;
typedef s16 __s16;
typedef s32 __s32;
typedef s64 __s64;
typedef u16 __le16;
typedef u32 __le32;
typedef u64 __le64;
typedef u16 __be16;
typedef u32 __be32;
typedef u64 __be64;
typedef unsigned long kernel_ulong_t;
typedef unsigned short umode_t;
typedef u64 resource_size_t;
typedef u64 phys_addr_t;
typedef u64 dma_addr_t;
typedef unsigned int gfp_t;
typedef unsigned int fmode_t;
typedef unsigned int __poll_t;
typedef s64 time64_t;
typedef struct kuid {
	uid_t val;
} kuid_t;
typedef struct kgid {
	gid_t val;
} kgid_t;
typedef struct {
	int counter;
} atomic_t;
typedef struct {
	long long counter;
} atomic64_t;
typedef atomic64_t atomic_long_t;

/* The kernel's list types; the driver core's lists are the same (src/sim/list.h). */
#include "sim/list.h"

struct hlist_node {
	struct hlist_node *next, **pprev;
};
struct hlist_head {
	struct hlist_node *first;
};

struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};

#endif /* _LINUX_COMPAT_TYPES_H */
