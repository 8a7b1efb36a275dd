/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Reader-writer semaphores are the runtime's (struct sim_rwsem): readers
 * and writers, writer preference, no-deadlock over both sides, and a lock
 * class that is the rwsem's name (the DECLARE_RWSEM() variable, or the
 * init_rwsem() argument), as the kernel's lockdep keys it by definition.
 */
#ifndef _LINUX_COMPAT_RWSEM_H
#define _LINUX_COMPAT_RWSEM_H

#include <linux/types.h>
#include <linux/lockdep.h>
#include <linux/cleanup.h>

#include "sim/sim.h"

struct rw_semaphore {
	struct sim_rwsem sem;
	const char *name;
	bool ready;
};

#define __RWSEM_INITIALIZER(lockname) { .name = #lockname }
#define DECLARE_RWSEM(name) struct rw_semaphore name = __RWSEM_INITIALIZER(name)

void __linux_init_rwsem(struct rw_semaphore *sem, const char *name);
#define init_rwsem(sem) __linux_init_rwsem((sem), #sem)
/* A subclass: as for mutexes (linux/mutex.h), 0 being the rwsem's default. */
void __linux_down_read(struct rw_semaphore *sem, unsigned int subclass,
		       const struct sim_site *site);
int __linux_down_read_trylock(struct rw_semaphore *sem, const struct sim_site *site);
void __linux_down_write(struct rw_semaphore *sem, unsigned int subclass,
			const struct sim_site *site);
int __linux_down_write_trylock(struct rw_semaphore *sem, const struct sim_site *site);
#define down_read(sem) __linux_down_read((sem), 0, linux_site(SIM_SITE_HERE))
#define down_read_interruptible(sem) (down_read(sem), 0)
#define down_read_killable(sem) (down_read(sem), 0)
#define down_read_trylock(sem) __linux_down_read_trylock((sem), linux_site(SIM_SITE_HERE))
#define down_write(sem) __linux_down_write((sem), 0, linux_site(SIM_SITE_HERE))
#define down_write_killable(sem) (down_write(sem), 0)
#define down_read_nested(sem, sub) __linux_down_read((sem), (sub), linux_site(SIM_SITE_HERE))
#define down_read_killable_nested(sem, sub) (down_read_nested((sem), (sub)), 0)
#define down_write_nested(sem, sub) __linux_down_write((sem), (sub), linux_site(SIM_SITE_HERE))
#define down_write_killable_nested(sem, sub) (down_write_nested((sem), (sub)), 0)
#define down_write_trylock(sem) __linux_down_write_trylock((sem), linux_site(SIM_SITE_HERE))
void up_read(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);
void downgrade_write(struct rw_semaphore *sem);
bool rwsem_is_locked(struct rw_semaphore *sem);
#define rwsem_assert_held(sem) lockdep_assert_held_read(sem)
#define rwsem_assert_held_write(sem) lockdep_assert_held_write(sem)

DEFINE_GUARD(rwsem_read, struct rw_semaphore *, down_read(_T), up_read(_T))
DEFINE_GUARD_COND(rwsem_read, _try, down_read_trylock(_T))
DEFINE_GUARD_COND(rwsem_read, _intr, down_read_interruptible(_T) == 0)
DEFINE_GUARD(rwsem_write, struct rw_semaphore *, down_write(_T), up_write(_T))
DEFINE_GUARD_COND(rwsem_write, _try, down_write_trylock(_T))
DEFINE_GUARD_COND(rwsem_write, _kill, down_write_killable(_T) == 0)

#endif
