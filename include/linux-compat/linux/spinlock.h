/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Spinlocks do not sleep, so taking one is not a scheduling point; they are
 * still checked: taking one that is held (the holder cannot run again until
 * we yield, which a spinning task never does) is a no-deadlock violation, and
 * a sleeping call while one is held is not allowed by the kernel either.
 */
#ifndef _LINUX_COMPAT_SPINLOCK_H
#define _LINUX_COMPAT_SPINLOCK_H

#include <linux/types.h>
#include <linux/lockdep.h>
#include <linux/cleanup.h>

struct spinlock {
	const char *name;
	uint32_t owner;		/* task id + 1 of the holder, 0 when free */
};
typedef struct spinlock spinlock_t;
typedef struct spinlock raw_spinlock_t;
typedef struct {
	struct spinlock l;
} rwlock_t;

#define __SPIN_LOCK_UNLOCKED(n) { .name = #n }
#define DEFINE_SPINLOCK(n) spinlock_t n = __SPIN_LOCK_UNLOCKED(n)
#define DEFINE_RAW_SPINLOCK(n) DEFINE_SPINLOCK(n)
#define spin_lock_init(l) (*(l) = (spinlock_t){ .name = #l })
#define raw_spin_lock_init(l) spin_lock_init(l)

void spin_lock(spinlock_t *l);
void spin_unlock(spinlock_t *l);
int spin_trylock(spinlock_t *l);
#define spin_lock_irq spin_lock
#define spin_unlock_irq spin_unlock
#define spin_lock_bh spin_lock
#define spin_unlock_bh spin_unlock
#define spin_lock_irqsave(l, flags) do { (flags) = 0; spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, flags) do { (void)(flags); spin_unlock(l); } while (0)
#define raw_spin_lock spin_lock
#define raw_spin_unlock spin_unlock
#define raw_spin_lock_irqsave spin_lock_irqsave
#define raw_spin_unlock_irqrestore spin_unlock_irqrestore
#define assert_spin_locked(l) lockdep_assert_held(l)
#define local_irq_save(flags) ((flags) = 0)
#define local_irq_restore(flags) ((void)(flags))
#define local_irq_disable() do { } while (0)
#define local_irq_enable() do { } while (0)
#define preempt_disable() do { } while (0)
#define preempt_enable() do { } while (0)

DEFINE_LOCK_GUARD_1(spinlock, spinlock_t, spin_lock(_T->lock), spin_unlock(_T->lock))
DEFINE_LOCK_GUARD_1(spinlock_irq, spinlock_t, spin_lock(_T->lock), spin_unlock(_T->lock))
DEFINE_LOCK_GUARD_1(spinlock_irqsave, spinlock_t, spin_lock(_T->lock), spin_unlock(_T->lock),
		    unsigned long flags)
DEFINE_LOCK_GUARD_0(rcu, do { } while (0), do { } while (0))
DEFINE_LOCK_GUARD_0(preempt, do { } while (0), do { } while (0))

#endif
