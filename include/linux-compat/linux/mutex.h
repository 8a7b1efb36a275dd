/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * struct mutex is a sim_mutex: every acquisition is a scheduling point, and
 * the runtime checks no-deadlock and the acquisition order.  The lock class is
 * the name mutex_init()/DEFINE_MUTEX() give, as lockdep names it.  A mutex
 * defined statically is set up on its first use in a run (kernel globals are
 * restored before every run, so "first use" is per run).
 */
#ifndef _LINUX_COMPAT_MUTEX_H
#define _LINUX_COMPAT_MUTEX_H

#include <linux/types.h>
#include <linux/lockdep.h>
#include <linux/cleanup.h>

#include "sim/sim.h"

struct mutex {
	struct sim_mutex m;
	const char *name;
	bool ready;
};

#define __MUTEX_INITIALIZER(lockname) { .name = #lockname }
#define DEFINE_MUTEX(mutexname) struct mutex mutexname = __MUTEX_INITIALIZER(mutexname)

void __linux_mutex_init(struct mutex *lock, const char *name);
#define mutex_init(mutex) __linux_mutex_init((mutex), #mutex)
/* The sites are the kernel caller's (or its guard's, see linux_site()). */
/*
 * A subclass (the _nested() forms) makes a lock class of its own, as in lockdep;
 * 0 takes the lock's default, which lockdep_set_subclass() may have set.
 */
void __linux_mutex_lock(struct mutex *lock, unsigned int subclass, const struct sim_site *site);
int __linux_mutex_trylock(struct mutex *lock, const struct sim_site *site);
#define mutex_lock(lock) __linux_mutex_lock((lock), 0, linux_site(SIM_SITE_HERE))
#define mutex_lock_interruptible(lock) (mutex_lock(lock), 0)
#define mutex_lock_killable(lock) (mutex_lock(lock), 0)
#define mutex_lock_io(lock) mutex_lock(lock)
#define mutex_lock_nested(lock, sub) __linux_mutex_lock((lock), (sub), linux_site(SIM_SITE_HERE))
#define mutex_lock_interruptible_nested(lock, sub) (mutex_lock_nested((lock), (sub)), 0)
#define mutex_lock_killable_nested(lock, sub) (mutex_lock_nested((lock), (sub)), 0)
#define mutex_lock_io_nested(lock, sub) mutex_lock_nested((lock), (sub))
#define mutex_trylock(lock) __linux_mutex_trylock((lock), linux_site(SIM_SITE_HERE))
void mutex_unlock(struct mutex *lock);
bool mutex_is_locked(struct mutex *lock);
#define mutex_destroy(lock) do { } while (0)
#define devm_mutex_init(dev, lock) ({ mutex_init(lock); 0; })

DEFINE_GUARD(mutex, struct mutex *, mutex_lock(_T), mutex_unlock(_T))
DEFINE_GUARD_COND(mutex, _try, mutex_trylock(_T))
DEFINE_GUARD_COND(mutex, _intr, mutex_lock_interruptible(_T) == 0)

#endif
