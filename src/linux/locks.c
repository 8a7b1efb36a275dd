// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Kernel locks on the runtime's: mutexes are sim_mutexes and rwsems
 * sim_rwsems (every acquisition a scheduling point with no-deadlock and
 * lock-order checks, at the kernel caller's site),
 * completions and wait queues the runtime's.  Objects defined statically are
 * set up on first use in a run: their "ready" flag is part of the kernel
 * image that every run restores.
 */
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/completion.h>
#include <linux/wait.h>
#include <linux/sched.h>
#include <linux/bug.h>
#include <linux/kernel.h>

_Thread_local const struct sim_site *linux_guard_site;

void linux_lockdep_set_class(struct sim_lockdep_map *map, const char *key, int subclass)
{
	if (key) {
		while (*key == '&')
			key++;
		sim_lockdep_set_class(sim_current(), map, key);
		map->class_fixed = true;
	}
	map->novalidate = false;
	if (subclass >= 0 && subclass < SIM_LOCK_SUBCLASSES)
		map->subclass = (uint8_t)subclass;
}

static struct sim_mutex *mtx(struct mutex *lock)
{
	if (!lock->ready) {
		sim_mutex_init(sim_current(), &lock->m, lock->name ? lock->name : "mutex");
		lock->ready = true;
	}
	return &lock->m;
}

void __linux_mutex_init(struct mutex *lock, const char *name)
{
	lock->name = name;
	lock->ready = false;
	mtx(lock);
}

void __linux_mutex_lock(struct mutex *lock, unsigned int subclass, const struct sim_site *site)
{
	sim_mutex_lock_nested_at(sim_current(), mtx(lock), subclass, site);
}

int __linux_mutex_trylock(struct mutex *lock, const struct sim_site *site)
{
	return sim_mutex_trylock_at(sim_current(), mtx(lock), site);
}

void mutex_unlock(struct mutex *lock)
{
	sim_mutex_unlock(sim_current(), mtx(lock));
}

bool mutex_is_locked(struct mutex *lock)
{
	return lock->ready && sim_mutex_is_locked(&lock->m);
}

bool linux_mutex_held(struct mutex *m)
{
	return m->ready && sim_mutex_held_by_current(&m->m);
}

bool linux_sim_mutex_held(struct sim_mutex *m)
{
	return sim_mutex_held_by_current(m);
}

void linux_lockdep_failed(const char *file, int line, const char *what)
{
	sim_violation(sim_current(), "lockdep", "lockdep_assert_held(%s) fails at %s:%d", what,
		      file, line);
}

/* ---- rw_semaphore ---- */

static struct sim_rwsem *rw(struct rw_semaphore *sem)
{
	if (!sem->ready) {
		sim_rwsem_init(sim_current(), &sem->sem, sem->name ? sem->name : "rwsem");
		sem->ready = true;
	}
	return &sem->sem;
}

struct sim_lockdep_map *linux__rwsem_map(struct rw_semaphore *sem)
{
	return &rw(sem)->dep;
}

static uint32_t me(void)
{
	return sim_task_id(sim_current_task()) + 1;
}

void __linux_init_rwsem(struct rw_semaphore *sem, const char *name)
{
	memset(sem, 0, sizeof(*sem));
	sem->name = name;
	rw(sem);
}

void __linux_down_read(struct rw_semaphore *sem, unsigned int subclass,
		       const struct sim_site *site)
{
	sim_down_read_nested_at(sim_current(), rw(sem), subclass, site);
}

int __linux_down_read_trylock(struct rw_semaphore *sem, const struct sim_site *site)
{
	return sim_down_read_trylock_at(sim_current(), rw(sem), site);
}

void __linux_down_write(struct rw_semaphore *sem, unsigned int subclass,
			const struct sim_site *site)
{
	sim_down_write_nested_at(sim_current(), rw(sem), subclass, site);
}

int __linux_down_write_trylock(struct rw_semaphore *sem, const struct sim_site *site)
{
	return sim_down_write_trylock_at(sim_current(), rw(sem), site);
}

void up_read(struct rw_semaphore *sem)
{
	sim_up_read(sim_current(), rw(sem));
}

void up_write(struct rw_semaphore *sem)
{
	sim_up_write(sim_current(), rw(sem));
}

void downgrade_write(struct rw_semaphore *sem)
{
	sim_downgrade_write(sim_current(), rw(sem));
}

bool rwsem_is_locked(struct rw_semaphore *sem)
{
	return sem->ready && sim_rwsem_is_locked(&sem->sem);
}

bool linux_rwsem_held(struct rw_semaphore *sem, bool write)
{
	struct sim *s = sim_current();

	if (!sem->ready || !sim_lock_held_by_current(s, &sem->sem.dep))
		return false;
	return !write || sim_rwsem_is_write_locked(&sem->sem);
}

bool linux_rwsem_held_any(struct rw_semaphore *sem)
{
	return linux_rwsem_held(sem, false);
}

/* ---- spinlocks: no scheduling point, still checked ---- */

void spin_lock(spinlock_t *l)
{
	if (l->owner)
		sim_violation(sim_current(), "no-deadlock", "spinlock %s taken while held by task %u",
			      l->name ? l->name : "?", l->owner - 1);
	l->owner = me();
}

int spin_trylock(spinlock_t *l)
{
	if (l->owner)
		return 0;
	l->owner = me();
	return 1;
}

void spin_unlock(spinlock_t *l)
{
	WARN_ON(!l->owner);
	l->owner = 0;
}

bool linux_spin_held(spinlock_t *l)
{
	return l->owner == me();
}

/* ---- completions ---- */

static struct sim_completion *cpl(struct completion *x)
{
	if (!x->ready) {
		sim_completion_init(sim_current(), &x->c, x->name ? x->name : "completion");
		x->ready = true;
	}
	return &x->c;
}

void __linux_init_completion(struct completion *x, const char *name)
{
	x->name = name;
	x->ready = false;
	cpl(x);
}

void reinit_completion(struct completion *x)
{
	sim_reinit_completion(cpl(x));
}

void wait_for_completion(struct completion *x)
{
	sim_wait_for_completion(sim_current(), cpl(x));
}

int wait_for_completion_interruptible(struct completion *x)
{
	wait_for_completion(x);
	return 0;
}

int wait_for_completion_killable(struct completion *x)
{
	wait_for_completion(x);
	return 0;
}

unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout)
{
	/* The completion is waited for in full: the timeout never decides here. */
	wait_for_completion(x);
	return timeout ? timeout : 1;
}

bool try_wait_for_completion(struct completion *x)
{
	struct sim_completion *c = cpl(x);

	if (!c->done)
		return false;
	if (c->done != UINT32_MAX)
		c->done--;
	return true;
}

bool completion_done(struct completion *x)
{
	return sim_completion_done(cpl(x));
}

void complete(struct completion *x)
{
	sim_complete(sim_current(), cpl(x));
}

void complete_all(struct completion *x)
{
	sim_complete_all(sim_current(), cpl(x));
}

/* ---- wait queues ---- */

struct sim_waitq *linux_waitq(wait_queue_head_t *wq)
{
	if (!wq->ready) {
		sim_waitq_init(sim_current(), &wq->wq, wq->name ? wq->name : "waitqueue");
		wq->ready = true;
	}
	return &wq->wq;
}

void __linux_init_waitqueue_head(wait_queue_head_t *wq, const char *name)
{
	wq->name = name;
	wq->ready = false;
	linux_waitq(wq);
}

void wake_up(wait_queue_head_t *wq)
{
	sim_waitq_wake_all(sim_current(), linux_waitq(wq));
}

long schedule_timeout(long timeout)
{
	if (timeout > 0 && timeout != MAX_SCHEDULE_TIMEOUT)
		sim_sleep_ns(sim_current(), (uint64_t)timeout * 1000000ULL);
	return 0;
}
