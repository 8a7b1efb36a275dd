/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Lock classes are the runtime's: a mutex is a sim_mutex and an rwsem a
 * sim_rwsem, each named for its class (what mutex_init()'s or
 * DECLARE_RWSEM()'s argument names in lockdep), and the runtime records the
 * acquisition order.  Device mutexes are novalidate, as in the kernel.  lockdep_assert_held() is checked
 * against the running task and reported as a "lockdep" violation.
 */
#ifndef _LINUX_COMPAT_LOCKDEP_H
#define _LINUX_COMPAT_LOCKDEP_H

#include <linux/types.h>

struct lock_class_key {
	char unused;
};
struct mutex;
struct sim_lockdep_map;
struct rw_semaphore;
struct sim_mutex;
typedef struct spinlock spinlock_t;

bool linux_mutex_held(struct mutex *m);
bool linux_rwsem_held(struct rw_semaphore *s, bool write);
bool linux_rwsem_held_any(struct rw_semaphore *s);
bool linux_sim_mutex_held(struct sim_mutex *m);
bool linux_spin_held(spinlock_t *l);
void linux_lockdep_failed(const char *file, int line, const char *what);

#define __linux_lock_held(l, write)                                                         \
	_Generic((l), struct mutex *: linux_mutex_held,                                     \
		 struct rw_semaphore *: linux_rwsem_held_any,                               \
		 struct sim_mutex *: linux_sim_mutex_held,                                  \
		 spinlock_t *: linux_spin_held,                                             \
		 default: linux_sim_mutex_held)((void *)(l))
#define lockdep_is_held(l) __linux_lock_held(l, 0)
#define lockdep_assert_held(l)                                                              \
	do {                                                                                \
		if (!__linux_lock_held(l, 0))                                               \
			linux_lockdep_failed(__FILE__, __LINE__, #l);                       \
	} while (0)
#define lockdep_assert_held_write(l)                                                        \
	do {                                                                                \
		if (!linux_rwsem_held((l), true))                                           \
			linux_lockdep_failed(__FILE__, __LINE__, #l);                       \
	} while (0)
#define lockdep_assert_held_read(l)                                                         \
	do {                                                                                \
		if (!linux_rwsem_held((l), false))                                          \
			linux_lockdep_failed(__FILE__, __LINE__, #l);                       \
	} while (0)
#define lockdep_assert_not_held(l) do { } while (0)
#define lockdep_assert(c) do { } while (0)
/*
 * A class given by the code (a struct lock_class_key's name, "&cxl_port_key")
 * makes the lock validated, as in the kernel, even a device's mutex, which
 * is novalidate by default; @lock is a struct mutex, a struct rw_semaphore or a
 * device's mutex.
 */
void linux_lockdep_set_class(struct sim_lockdep_map *map, const char *key, int subclass);
struct sim_lockdep_map *linux__rwsem_map(struct rw_semaphore *sem);
#define linux__lock_map(l)                                                                  \
	_Generic((l), struct mutex *: &((struct mutex *)(void *)(l))->m.dep,                \
		 struct rw_semaphore *: linux__rwsem_map((struct rw_semaphore *)(void *)(l)), \
		 default: &((struct sim_mutex *)(void *)(l))->dep)
#define lockdep_set_class(lock, key)                                                        \
	((void)(key), linux_lockdep_set_class(linux__lock_map(lock), #key, 0))
#define lockdep_set_class_and_name(lock, key, name)                                         \
	((void)(key), linux_lockdep_set_class(linux__lock_map(lock), name, 0))
#define lockdep_set_subclass(lock, sub) linux_lockdep_set_class(linux__lock_map(lock), NULL, sub)
#define lockdep_set_class_and_subclass(lock, key, sub)                                      \
	((void)(key), linux_lockdep_set_class(linux__lock_map(lock), #key, sub))
#define lockdep_register_key(key) do { } while (0)
#define lockdep_unregister_key(key) do { } while (0)
#define lock_set_novalidate_class(l) do { } while (0)
#define might_lock(l) do { } while (0)
#define SINGLE_DEPTH_NESTING 1

#endif
