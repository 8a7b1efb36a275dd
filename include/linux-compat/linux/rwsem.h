/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Reader-writer semaphores on the runtime's primitives until the runtime has
 * its own (struct sim_rwsem): a sim_mutex that writers hold for their whole
 * section and readers only to get in, a reader count, and a wait queue on
 * which a writer waits for the readers to leave.  Acquisition order is
 * therefore recorded for both kinds (the mutex), and a writer waiting for a
 * reader that waits for it is a deadlock the runtime sees.
 */
#ifndef _LINUX_COMPAT_RWSEM_H
#define _LINUX_COMPAT_RWSEM_H

#include <linux/types.h>
#include <linux/lockdep.h>
#include <linux/cleanup.h>

#include "sim/sim.h"

struct rw_semaphore {
	struct sim_mutex m;
	struct sim_waitq readers_gone;
	int readers;
	uint32_t reader_tasks[8];	/* who holds it for read, for lockdep_assert_held */
	const char *name;
	bool ready;
};

#define __RWSEM_INITIALIZER(lockname) { .name = #lockname }
#define DECLARE_RWSEM(name) struct rw_semaphore name = __RWSEM_INITIALIZER(name)

void __linux_init_rwsem(struct rw_semaphore *sem, const char *name);
#define init_rwsem(sem) __linux_init_rwsem((sem), #sem)
void down_read(struct rw_semaphore *sem);
int down_read_interruptible(struct rw_semaphore *sem);
int down_read_killable(struct rw_semaphore *sem);
int down_read_trylock(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
void down_write(struct rw_semaphore *sem);
int down_write_killable(struct rw_semaphore *sem);
int down_write_trylock(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);
void downgrade_write(struct rw_semaphore *sem);
bool rwsem_is_locked(struct rw_semaphore *sem);
#define down_read_nested(sem, sub) down_read(sem)
#define down_write_nested(sem, sub) down_write(sem)
#define rwsem_assert_held(sem) lockdep_assert_held_read(sem)
#define rwsem_assert_held_write(sem) lockdep_assert_held_write(sem)

DEFINE_GUARD(rwsem_read, struct rw_semaphore *, down_read(_T), up_read(_T))
DEFINE_GUARD_COND(rwsem_read, _try, down_read_trylock(_T))
DEFINE_GUARD_COND(rwsem_read, _intr, down_read_interruptible(_T) == 0)
DEFINE_GUARD(rwsem_write, struct rw_semaphore *, down_write(_T), up_write(_T))
DEFINE_GUARD_COND(rwsem_write, _try, down_write_trylock(_T))
DEFINE_GUARD_COND(rwsem_write, _kill, down_write_killable(_T) == 0)

#endif
