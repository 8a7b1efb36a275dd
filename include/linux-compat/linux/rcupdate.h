/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* RCU: readers never block here and a grace period is immediate (nothing frees concurrently). */
#ifndef _LINUX_COMPAT_RCUPDATE_H
#define _LINUX_COMPAT_RCUPDATE_H

#include <linux/compiler.h>
#include <linux/types.h>

#define rcu_read_lock() do { } while (0)
#define rcu_read_unlock() do { } while (0)
#define synchronize_rcu() do { } while (0)
#define rcu_barrier() do { } while (0)
#define rcu_dereference(p) (p)
#define rcu_dereference_protected(p, c) (p)
#define rcu_dereference_raw(p) (p)
#define rcu_access_pointer(p) (p)
#define rcu_assign_pointer(p, v) ((p) = (v))
#define RCU_INIT_POINTER(p, v) ((p) = (v))
#define call_rcu(head, func) (func)(head)

#endif
