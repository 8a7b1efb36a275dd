/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The deterministic runtime: tasks, the scheduler, virtual time, the trace,
 * tracked allocations and violations.
 *
 * Exactly one task runs at a time.  A task gives up the CPU only at a
 * scheduling point (sim_sched_point(), blocking on a primitive, exiting).  At
 * every point where more than one task could run next, the strategy is asked
 * and its answer is recorded; the recorded answers are the schedule.
 *
 * Choice numbering, which every strategy and the schedule string rely on:
 *  - at a preemption point the running task is candidate 0 and the other
 *    runnable tasks follow in the order they became runnable, so an all-zero
 *    schedule is the run without preemptions;
 *  - when the running task blocks or exits, candidates are the runnable tasks
 *    in the order they became runnable.
 * Fault choices (sim_choose()) are numbered by the caller.
 *
 * Code inside a task finds its simulation through sim_current(); nothing in
 * the runtime is a mutable global beyond that per-thread pointer, which the
 * scheduler sets on every switch (the kernel's "current").
 */
#ifndef CXLSIM_SIM_H
#define CXLSIM_SIM_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "list.h"

struct sim;
struct sim_task;
struct sim_strategy;

/* ---- strings ------------------------------------------------------------ */

/*
 * Interned strings: stable ids for names that outlive the objects carrying
 * them (a released device is still named in the trace).  Id 0 is "".
 */
uint32_t sim_intern(struct sim *s, const char *str);
/*
 * The string hash interning uses, for anyone who compares many strings.
 * Eight bytes per multiply, not one as FNV-1a: names such as
 * "udev:pci:v00008086d00000001sv00000000sd00000000bc05sc02i10" are interned
 * on every run (FNV-1a was a tenth of a minimal schedule).  sim_hash_bytes()
 * is the same over any bytes, 64 bits wide.
 */
static inline uint64_t sim_hash_bytes(const void *p, size_t len)
{
	const uint64_t mul = 0xff51afd7ed558ccdull;
	const char *s = p;
	uint64_t h = len, w;

	for (; len >= 8; s += 8, len -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * mul;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s, len);
	return (h ^ w) * mul;
}

static inline uint32_t sim_str_hash(const char *s)
{
	uint64_t h = sim_hash_bytes(s, strlen(s));

	return (uint32_t)(h ^ h >> 32);
}
uint32_t sim_internf(struct sim *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *sim_str(const struct sim *s, uint32_t id);
/*
 * The id of @prefix followed by the string of @id ("kworker/u:" and a work's
 * name), remembered by the pair: names derived on every run are neither
 * formatted nor hashed again.  @prefix must be a string constant.
 */
uint32_t sim_intern_prefixed(struct sim *s, const char *prefix, uint32_t id);
/*
 * The id of what sim_vsnprintf() would write into @size bytes, remembered by
 * format and arguments when these are a few ints ("mem%d", "0000:%02x:00.0")
 * or one string at the end ("udev:%s"): device and task names made again on
 * every run are neither formatted nor hashed again.
 */
uint32_t sim_vinternf(struct sim *s, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* ---- trace -------------------------------------------------------------- */

/*
 * One trace record.  @ev is a string literal naming the event ("probe-start",
 * "lock", ...), compared by content; @obj and @detail are interned strings.
 */
struct sim_event {
	uint64_t time_ns;
	uint64_t step;		/* scheduling points passed so far (sim_steps()) */
	uint32_t task;		/* task id, 0 = the host (outside any task) */
	uint32_t obj;
	uint32_t detail;
	int32_t val;
	const char *ev;
};

/* The layers above the runtime (sim_set_layer() below). */
enum sim_layer {
	SIM_LAYER_BUS,
	SIM_LAYER_CXL,
	SIM_LAYER_API,
	SIM_NR_LAYERS,
};

/*
 * The start of struct sim (sim_internal.h), for inline fast paths: random
 * and pct record no footprints and explore no trace, and a call per touch,
 * push, pop or trace record just to return, or per look-up of a layer, was
 * several percent of a minimal schedule.
 */
struct sim_head {
	bool fp_on;			/* the strategy wants footprints */
	bool trace_off;			/* sim_set_tracing(s, false) */
	void *layers[SIM_NR_LAYERS];
};
static inline const struct sim_head *cxlsim__head(const struct sim *s)
{
	return (const struct sim_head *)(const void *)s;
}

void cxlsim__trace(struct sim *s, const char *ev, uint32_t obj, uint32_t detail, int32_t val);
static inline void sim_trace(struct sim *s, const char *ev, uint32_t obj, uint32_t detail,
			     int32_t val)
{
	if (!cxlsim__head(s)->trace_off)
		cxlsim__trace(s, ev, obj, detail, val);
}
/* Convenience: interns @obj and formats @fmt into the detail. */
void cxlsim__tracef(struct sim *s, const char *ev, const char *obj, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Without a trace, neither the name nor the arguments are looked at. */
#define sim_tracef(s, ...)                                                                  \
	do {                                                                                \
		struct sim *__tf_sim = (s);                                                 \
                                                                                            \
		if (!cxlsim__head(__tf_sim)->trace_off)                                     \
			cxlsim__tracef(__tf_sim, __VA_ARGS__);                              \
	} while (0)
size_t sim_trace_len(const struct sim *s);
/*
 * Record the trace (the default) or not: a caller that never reads it (an
 * exploration that only counts outcomes) saves the records and the text of
 * their details.  Nothing else about a run changes; kept across sim_reset().
 */
void sim_set_tracing(struct sim *s, bool on);
const struct sim_event *sim_trace_get(const struct sim *s, size_t i);
/* Kernel-log style line for one record, into @buf; returns the length. */
int sim_event_format(const struct sim *s, const struct sim_event *e, char *buf, size_t len);
/* Compare two runs' traces; returns -1 when equal, else the first index that differs. */
long sim_trace_diff(const struct sim *a, const struct sim *b);

/* ---- tasks -------------------------------------------------------------- */

typedef void (*sim_task_fn)(void *arg);

enum sim_task_state {
	SIM_TASK_NEW,		/* spawned, no stack yet */
	SIM_TASK_RUNNABLE,
	SIM_TASK_RUNNING,
	SIM_TASK_BLOCKED,
	SIM_TASK_DONE,
};

/*
 * Create a task that runs @fn(@arg) when the scheduler first picks it.  The
 * caller keeps running; spawning is not a scheduling point.  The name is
 * copied.  Returns NULL only when memory runs out (reported as a violation).
 */
struct sim_task *sim_spawn(struct sim *s, const char *name, sim_task_fn fn, void *arg);
struct sim_task *sim_spawnf(struct sim *s, sim_task_fn fn, void *arg, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* sim_spawn() with the name already interned. */
struct sim_task *sim_spawn_id(struct sim *s, uint32_t name_id, sim_task_fn fn, void *arg);

/* The running task, or NULL on the host. */
struct sim_task *sim_current_task(void);
/* The simulation the calling thread is running (also valid on the host inside sim_run()). */
/* sched.c's; read through sim_current(), which every model function calls. */
extern _Thread_local struct sim *cxlsim__cur_sim;
static inline struct sim *sim_current(void)
{
	return cxlsim__cur_sim;
}

uint32_t sim_task_id(const struct sim_task *t);
const char *sim_task_name(const struct sim_task *t);
enum sim_task_state sim_task_state(const struct sim_task *t);

/*
 * A scheduling point: record @ev against @obj, then let the strategy decide
 * whether another runnable task goes first.  Must be called from a task.
 */
void sim_sched_point(struct sim *s, const char *ev, uint32_t obj);

/*
 * Blocking.  sim_block() parks the running task until sim_wake() makes it
 * runnable again; @why and @on say what it waits for (shown in deadlock
 * reports and `tasks`).  Always re-check the condition after waking.
 */
void sim_block(struct sim *s, const char *why, uint32_t on);
void sim_wake(struct sim *s, struct sim_task *t);

/* Wait for @t to finish. */
void sim_task_join(struct sim *s, struct sim_task *t);

/* ---- wait queues (the basis of every other primitive) ------------------- */

struct sim_waitq {
	struct list_head waiters;	/* struct sim_waiter, FIFO */
	uint32_t name;
	/*
	 * What sleeping on it and waking it touch (sim_touch()): the name, or
	 * the condition its waiters wait for when that has a name of its own.
	 */
	uint32_t key;
};

void sim_waitq_init(struct sim *s, struct sim_waitq *wq, const char *name);
/* The same with the name already interned. */
void sim_waitq_init_id(struct sim_waitq *wq, uint32_t name);
/* Sleep once on @wq (caller re-checks its condition). */
void sim_waitq_sleep(struct sim *s, struct sim_waitq *wq);
/* Wake every sleeper; returns how many. */
int sim_waitq_wake_all(struct sim *s, struct sim_waitq *wq);
int sim_waitq_wake_one(struct sim *s, struct sim_waitq *wq);

#define sim_wait_event(s, wq, cond)                                                     \
	do {                                                                            \
		sim_touch((s), (wq)->key, false);                                       \
		while (!(cond))                                                         \
			sim_waitq_sleep((s), (wq));                                     \
	} while (0)

/* ---- lock checking (lockdep.c) ------------------------------------------- */

/*
 * Where a lock was taken: "func (file.c:123)", the file's base name only, so
 * a report reads the same whatever the build directory.  Sites are static
 * data: SIM_SITE_HERE makes one for the line it is written on, and callers
 * that know better (a compatibility layer naming the kernel function that
 * took the lock) make their own, which must outlive the run.  @file may be
 * NULL: the site is then @func alone ("__device_attach").
 */
struct sim_site {
	const char *func;
	const char *file;
	unsigned int line;
};

#define SIM_SITE_HERE                                                                   \
	({                                                                              \
		static const struct sim_site __sim_site = { __func__, __FILE__, __LINE__ }; \
		&__sim_site;                                                            \
	})
/* A site named by a string constant alone. */
#define SIM_SITE_NAMED(str)                                                             \
	({                                                                              \
		static const struct sim_site __sim_site = { (str), NULL, 0 };           \
		&__sim_site;                                                            \
	})

/* The interned text of @site ("func (file.c:123)"). */
uint32_t sim_site_id(struct sim *s, const struct sim_site *site);

enum sim_lock_kind {
	SIM_LOCK_MUTEX,
	SIM_LOCK_RWSEM,
};

/*
 * What the lock checker knows of a lock (the kernel's struct lockdep_map),
 * embedded in every sleeping lock.
 *
 * @class: the lock class, an interned name; 0 means the lock's own name.
 * Locks of one class are one node of the order graph: taking two of them
 * nested is reported unless the one held is an ancestor of the one taken
 * (its @nest_parent, or that lock's, and so on), as a parent device's lock
 * before its child's.  A subclass (the *_nested() calls) makes a class of
 * its own.  @nest_parent must stay valid while set; a parent in freed model
 * memory is detected (its poisoned magic) and ends the walk.
 */
struct sim_lockdep_map {
	const struct sim_lockdep_map *nest_parent;
	uint32_t class;
	uint16_t magic;
	/* The subclass of an acquisition that names none (lockdep_set_subclass()). */
	uint8_t subclass;
	uint8_t kind : 2;		/* enum sim_lock_kind */
	uint8_t novalidate : 1;
	/* Set by the lock's owner (the kernel's lockdep_set_class()): keep it. */
	uint8_t class_fixed : 1;
};

/* 16 bytes: every device's lock carries one. */
#define SIM_LOCKDEP_MAGIC 0xdeb0u
#define SIM_LOCK_SUBCLASSES 8	/* subclasses 0..7, as the kernel's MAX_LOCKDEP_SUBCLASSES */

void sim_lockdep_set_class(struct sim *s, struct sim_lockdep_map *map, const char *class_name);
/*
 * The id of the class name @prefix@name ("device:" "cxl_memdev"), remembered
 * by the two pointers, which must be string constants (a device type's or a
 * bus's name): for a class named again for every new object.
 */
uint32_t sim_lockdep_class_prefixed(struct sim *s, const char *prefix, const char *name);
/* The same with the class name already interned (0: the lock's own name). */
static inline void sim_lockdep_set_class_id(struct sim_lockdep_map *map, uint32_t class_id)
{
	map->class = class_id;
}
/*
 * The kernel's lockdep_set_novalidate_class(): the lock takes no part in
 * the order graph (no edge to or from it, no same-class recursion check).
 * Locks taken while holding it are still checked against each other, and a
 * task waiting for an instance it holds is still a deadlock (no-deadlock).
 */
static inline void sim_lockdep_set_novalidate(struct sim_lockdep_map *map, bool on)
{
	map->novalidate = on;
}
static inline void sim_lockdep_set_nest_parent(struct sim_lockdep_map *map,
					       const struct sim_lockdep_map *parent)
{
	map->nest_parent = parent;
}
/* Does the running task hold this lock (for lockdep_assert_held())? */
bool sim_lock_held_by_current(struct sim *s, const struct sim_lockdep_map *map);

/* ---- sleeping mutex ------------------------------------------------------ */

/* Its name is its wait queue's (wq.name): every device carries one. */
struct sim_mutex {
	struct sim_task *owner;
	struct sim_waitq wq;
	struct sim_lockdep_map dep;
};

/* The class is @name until sim_mutex_set_class() says otherwise. */
void sim_mutex_init(struct sim *s, struct sim_mutex *m, const char *name);
static inline void sim_mutex_set_class(struct sim *s, struct sim_mutex *m, const char *class_name)
{
	sim_lockdep_set_class(s, &m->dep, class_name);
}
/*
 * Scheduling point.  Checks the lock order (lock-order, reported, the run
 * goes on) and detects lock-order cycles between tasks and self-deadlock
 * (no-deadlock, reported, the task parked).  The macros record the caller as
 * the acquisition site; the _at() forms take the site from the caller.
 */
void sim_mutex_lock_nested_at(struct sim *s, struct sim_mutex *m, unsigned int subclass,
			      const struct sim_site *site);
static inline void sim_mutex_lock_at(struct sim *s, struct sim_mutex *m,
				     const struct sim_site *site)
{
	sim_mutex_lock_nested_at(s, m, 0, site);
}
#define sim_mutex_lock(s, m) sim_mutex_lock_at((s), (m), SIM_SITE_HERE)
#define sim_mutex_lock_nested(s, m, subclass)                                           \
	sim_mutex_lock_nested_at((s), (m), (subclass), SIM_SITE_HERE)
bool sim_mutex_trylock_at(struct sim *s, struct sim_mutex *m, const struct sim_site *site);
#define sim_mutex_trylock(s, m) sim_mutex_trylock_at((s), (m), SIM_SITE_HERE)
void sim_mutex_unlock(struct sim *s, struct sim_mutex *m);
bool sim_mutex_is_locked(const struct sim_mutex *m);
bool sim_mutex_held_by_current(const struct sim_mutex *m);

/* ---- read-write semaphore ------------------------------------------------ */

/*
 * A sleeping reader-writer lock (the kernel's rw_semaphore).  Any number of
 * readers or one writer.  A writer that waits blocks readers that come after
 * it, even while other readers still hold the lock, so writers are not
 * starved; the kernel's rwsem behaves that way once a writer is queued.  So
 * a task that takes the read side twice can deadlock behind a writer that
 * arrived in between, which is why lock-order reports a recursive read.
 */
struct sim_rwsem {
	struct sim_task *writer;
	unsigned int readers;
	unsigned int writers_waiting;
	struct sim_waitq wq;
	uint32_t name;
	struct sim_lockdep_map dep;
};

void sim_rwsem_init(struct sim *s, struct sim_rwsem *sem, const char *name);
static inline void sim_rwsem_set_class(struct sim *s, struct sim_rwsem *sem,
				       const char *class_name)
{
	sim_lockdep_set_class(s, &sem->dep, class_name);
}
/* Scheduling points, checked as sim_mutex_lock(). */
void sim_down_read_nested_at(struct sim *s, struct sim_rwsem *sem, unsigned int subclass,
			     const struct sim_site *site);
void sim_down_write_nested_at(struct sim *s, struct sim_rwsem *sem, unsigned int subclass,
			      const struct sim_site *site);
static inline void sim_down_read_at(struct sim *s, struct sim_rwsem *sem,
				    const struct sim_site *site)
{
	sim_down_read_nested_at(s, sem, 0, site);
}
static inline void sim_down_write_at(struct sim *s, struct sim_rwsem *sem,
				     const struct sim_site *site)
{
	sim_down_write_nested_at(s, sem, 0, site);
}
#define sim_down_read(s, sem) sim_down_read_at((s), (sem), SIM_SITE_HERE)
#define sim_down_write(s, sem) sim_down_write_at((s), (sem), SIM_SITE_HERE)
#define sim_down_read_nested(s, sem, sub) sim_down_read_nested_at((s), (sem), (sub), SIM_SITE_HERE)
#define sim_down_write_nested(s, sem, sub)                                              \
	sim_down_write_nested_at((s), (sem), (sub), SIM_SITE_HERE)
/* Not scheduling points; fail when the lock is not free for this side at once. */
bool sim_down_read_trylock_at(struct sim *s, struct sim_rwsem *sem, const struct sim_site *site);
bool sim_down_write_trylock_at(struct sim *s, struct sim_rwsem *sem, const struct sim_site *site);
#define sim_down_read_trylock(s, sem) sim_down_read_trylock_at((s), (sem), SIM_SITE_HERE)
#define sim_down_write_trylock(s, sem) sim_down_write_trylock_at((s), (sem), SIM_SITE_HERE)
void sim_up_read(struct sim *s, struct sim_rwsem *sem);
void sim_up_write(struct sim *s, struct sim_rwsem *sem);
/* The kernel's downgrade_write(): from a write hold to a read hold, atomically. */
void sim_downgrade_write(struct sim *s, struct sim_rwsem *sem);
bool sim_rwsem_is_locked(const struct sim_rwsem *sem);
bool sim_rwsem_is_write_locked(const struct sim_rwsem *sem);

/* ---- completion ---------------------------------------------------------- */

struct sim_completion {
	unsigned int done;
	struct sim_waitq wq;
};

void sim_completion_init(struct sim *s, struct sim_completion *c, const char *name);
void sim_wait_for_completion(struct sim *s, struct sim_completion *c);
void sim_complete(struct sim *s, struct sim_completion *c);
void sim_complete_all(struct sim *s, struct sim_completion *c);
bool sim_completion_done(const struct sim_completion *c);
void sim_reinit_completion(struct sim_completion *c);

/* ---- a count waited on to reach zero ------------------------------------- */

/*
 * Things in progress that others wait to see all done: the driver core's
 * probes in flight, the async domain.  For the footprints the count has a
 * key of its own, written by every change, and the wait queue's key is
 * written only when the count leaves zero or comes back to it: that is all
 * a waiter reads, so it does not conflict with the changes in between.
 */
struct sim_busy {
	unsigned int count;
	uint32_t count_key;
	struct sim_waitq idle;
};

/* @name names the wait queue (traces show it), @count_name the count's key. */
void sim_busy_init(struct sim *s, struct sim_busy *b, const char *name, const char *count_name);
void sim_busy_inc(struct sim *s, struct sim_busy *b);
void sim_busy_dec(struct sim *s, struct sim_busy *b);
void sim_busy_wait_idle(struct sim *s, struct sim_busy *b);

/* ---- virtual time -------------------------------------------------------- */

uint64_t sim_now(const struct sim *s);
/* The expiry of the earliest armed timer; false when none is armed. */
bool sim_next_timer(const struct sim *s, uint64_t *expires);
/* Sleep @ns of virtual time (a scheduling point). */
void sim_sleep_ns(struct sim *s, uint64_t ns);

/* ---- workqueues ----------------------------------------------------------- */

struct sim_work;
typedef void (*sim_work_fn)(struct sim_work *w);

struct sim_workqueue;

struct sim_work {
	sim_work_fn fn;
	struct sim_workqueue *wq;	/* where it is queued or running */
	struct list_head entry;
	uint32_t name;
	bool pending;
	bool running;
	/*
	 * The ambient key of the code that queued it (sim_ambient_push()): the
	 * work function runs under it, as a task runs under its spawner's.
	 */
	bool ambient;
	uint32_t ambient_key;
	struct sim_waitq done;		/* woken when it stops being pending or running */
};

struct sim_delayed_work {
	struct sim_work work;
	struct sim_workqueue *target;
	uint64_t expires;
	void *timer;			/* runtime-private while armed */
};

#define SIM_WQ_ORDERED 0x1	/* one worker, items in queueing order */

/* Workqueues are owned by the simulation and freed with it. */
struct sim_workqueue *sim_alloc_workqueue(struct sim *s, const char *name, unsigned int flags);
void sim_init_work(struct sim *s, struct sim_work *w, const char *name, sim_work_fn fn);
void sim_init_delayed_work(struct sim *s, struct sim_delayed_work *dw, const char *name,
			   sim_work_fn fn);
/* Returns false when @w was already pending (as queue_work()). */
bool sim_queue_work(struct sim *s, struct sim_workqueue *wq, struct sim_work *w);
bool sim_queue_delayed_work(struct sim *s, struct sim_workqueue *wq, struct sim_delayed_work *dw,
			    uint64_t delay_ns);
bool sim_cancel_delayed_work(struct sim *s, struct sim_delayed_work *dw);
/* Wait until @w is neither pending nor running; returns true if it had to wait. */
bool sim_flush_work(struct sim *s, struct sim_work *w);
void sim_flush_workqueue(struct sim *s, struct sim_workqueue *wq);
bool sim_work_pending(const struct sim_work *w);
/*
 * The name of a workqueue with an item queued or running (the first such, in
 * allocation order), 0 when every workqueue is idle.  A delayed work whose
 * timer is still armed is not queued yet: sim_next_timer() sees it.
 */
uint32_t sim_workqueue_busy(const struct sim *s);
/* The system workqueues every simulation has ("events", "events_unbound"). */
struct sim_workqueue *sim_system_wq(struct sim *s);
struct sim_workqueue *sim_system_unbound_wq(struct sim *s);

/* ---- the async domain (kernel/async.c) ----------------------------------- */

typedef uint64_t sim_async_cookie_t;
typedef void (*sim_async_fn)(void *data, sim_async_cookie_t cookie);

/* Runs @fn(@data) in its own task; named for @name. */
sim_async_cookie_t sim_async_schedule(struct sim *s, const char *name, sim_async_fn fn,
				      void *data);
/* Wait until every async item scheduled so far has finished. */
void sim_async_synchronize_full(struct sim *s);
unsigned int sim_async_pending(const struct sim *s);

/* ---- tracked allocations and object lifetime ------------------------------ */

/*
 * Every model allocation goes through here.  Freed objects stay mapped
 * (poisoned) until the simulation is reset, so a use after free in the model
 * is reported by sim_obj_check() instead of crashing; everything is released
 * for real by sim_reset()/sim_destroy().  @type names the object in reports.
 */
void *sim_kzalloc(struct sim *s, size_t size, const char *type);
void sim_kfree(struct sim *s, void *p);
char *sim_kstrdup(struct sim *s, const char *str);
/* false (and a no-uaf violation reported) when @p was freed. */
bool sim_obj_check(struct sim *s, const void *p, const char *what);
bool sim_obj_live(const void *p);
/*
 * Does @len bytes at @p, inside a tracked object, hold nothing but the
 * poison of a freed one?  For a lock a task sleeps on or is about to take:
 * the object around it may be freed meanwhile, and the task must report
 * that rather than read through it.
 */
bool sim_mem_freed(const void *p, size_t len);
/* The size @p was allocated with (sim_kzalloc()); 0 when it is not a tracked allocation. */
size_t sim_obj_size(const void *p);
/* Count of live tracked allocations, optionally only those of @type. */
size_t sim_live_objects(const struct sim *s, const char *type);
/*
 * Runtime memory for task arguments and the like: never fault-injected, not
 * a model object (not counted by sim_live_objects()), freed at reset if a
 * stopped run abandons it.
 */
void *sim_scratch_alloc(struct sim *s, size_t size);
void sim_scratch_free(struct sim *s, void *p);
/*
 * A nondeterministic value in [0, n) that the strategy picks and the schedule
 * records (0 is the default a replay uses past its end).  Must be called from
 * a task.
 */
unsigned int sim_choose(struct sim *s, unsigned int n);
/*
 * The same for a choice that only decides *when* something happens (how long
 * udev lags behind a uevent).  Exhaustive search keeps it 0: a task that is
 * runnable at once can still be scheduled at every later point, so the
 * scheduling choices already cover every order the delays could produce.
 */
unsigned int sim_choose_timing(struct sim *s, unsigned int n);
/* Fault injection hook: true when this allocation should fail (a recorded choice). */
bool sim_should_fail(struct sim *s, const char *site);
/*
 * The same for any fault kind (SIM_FAULT_*): when the kind is enabled and a
 * task runs, a fault choice (0 = carry on, 1 = fail here) the strategy makes
 * and the schedule records; the trace names @site when it fails.
 */
bool sim_fault(struct sim *s, unsigned int kind, const char *site);
/*
 * No faults between these two (nesting counts): for what stands for
 * firmware or the machine itself, such as enumerating the devices present at
 * boot, which no driver allocation failure can touch.
 */
void sim_faults_off(struct sim *s);
void sim_faults_on(struct sim *s);

/* ---- violations ----------------------------------------------------------- */

struct sim_violation {
	const char *property;	/* string literal */
	uint32_t msg;		/* interned */
	uint64_t step;
	uint32_t task;
};

void sim_violation(struct sim *s, const char *property, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
size_t sim_violation_count(const struct sim *s);
const struct sim_violation *sim_violation_get(const struct sim *s, size_t i);
/* Stop the run at the next scheduling point (used for deadlock and step bound). */
void sim_stop(struct sim *s);
/*
 * Forget the violations after the first @nr_viol and the trace events after
 * the first @trace_len: a look at the properties in the middle of a run
 * (cxlsim shell's check) must leave the run as it was.
 */
void sim_rollback(struct sim *s, size_t nr_viol, size_t trace_len);
/*
 * Make @s the calling thread's current simulation (sim_current()), for a
 * thread that inspects a simulation paused in another thread (cxlsim shell).
 */
void sim_set_current(struct sim *s);
bool sim_stopped(const struct sim *s);

/* ---- footprints (for partial-order reduction) ----------------------------- */

/*
 * Record that the running step reads or writes the shared object named by
 * @obj (an interned name that stays the same across runs: a device name, a
 * lock name, "bus:cxl", "modules").  Two steps are independent when neither
 * writes what the other touches; the dfs strategy relies on that to skip
 * schedules that only reorder independent steps, so every piece of shared
 * state the model reads or writes between two scheduling points must be
 * named here, coarsely if need be.  SIM_TOUCH_ALL conflicts with everything.
 */
#define SIM_TOUCH_ALL 0u
static inline bool cxlsim__fp_on(const struct sim *s)
{
	return cxlsim__head(s)->fp_on;
}
void cxlsim__touch(struct sim *s, uint32_t obj, bool write);
static inline void sim_touch(struct sim *s, uint32_t obj, bool write)
{
	if (cxlsim__fp_on(s))
		cxlsim__touch(s, obj, write);
}
/* Is the strategy recording footprints (sim_touch() is a no-op when not)? */
bool sim_footprints(const struct sim *s);
/* The same by name (interned only when footprints are being recorded). */
void sim_touch_name(struct sim *s, const char *name, bool write);
/*
 * Ambient footprint: while pushed, every step of the running task also
 * writes @obj.  For code whose shared state is too scattered to name piece
 * by piece (a driver's probe and remove bodies): the driver core pushes
 * "driver-code" around each callback, so such steps never count as
 * independent of one another.  Pops must match pushes.
 */
void cxlsim__ambient_push(struct sim *s, uint32_t obj);
void cxlsim__ambient_pop(struct sim *s);
static inline void sim_ambient_push(struct sim *s, uint32_t obj)
{
	if (s && cxlsim__fp_on(s))
		cxlsim__ambient_push(s, obj);
}
static inline void sim_ambient_pop(struct sim *s)
{
	if (s && cxlsim__fp_on(s))
		cxlsim__ambient_pop(s);
}
/*
 * The opposite, around code whose footprint is named precisely (the driver
 * core called from a driver): no ambient key while it runs; pop ends it.
 */
void cxlsim__ambient_suspend(struct sim *s);
static inline void sim_ambient_suspend(struct sim *s)
{
	if (s && cxlsim__fp_on(s))
		cxlsim__ambient_suspend(s);
}
/*
 * For the rest of the running task, its own code names what it touches: the
 * ambient stack is emptied without a touch, and from now on an empty stack
 * means no key (not the default).  Pops of keys pushed before are ignored.
 * For a harness that only waits and ends (the boot task after it started
 * the machine), whose last steps would otherwise conflict with every driver
 * body that runs meanwhile.
 */
void sim_ambient_clear(struct sim *s);
/* The running task's key now: false when none (for work queued from it). */
bool sim_ambient_now(const struct sim *s, uint32_t *key);
/*
 * Tasks start under @obj unless they say otherwise: code whose shared state
 * is not named is assumed to touch @obj (a layer sets this per run).
 */
void sim_set_default_ambient(struct sim *s, uint32_t obj);
/* Footprint entries: obj << 1 | write. */
#define SIM_FP_OBJ(e) ((e) >> 1)
#define SIM_FP_WRITE(e) ((e) & 1u)
/* Do two sorted footprints conflict (same object, at least one write, or SIM_TOUCH_ALL)? */
bool sim_fp_conflict(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);

/* ---- strategies and schedules --------------------------------------------- */

enum sim_choice_kind {
	SIM_CHOICE_SCHED,	/* which task runs next */
	SIM_CHOICE_FAULT,	/* inject a fault here (0 = no, 1 = yes) */
	SIM_CHOICE_DATA,	/* any other nondeterministic value, e.g. a latency */
};

struct sim_choice {
	enum sim_choice_kind kind;
	unsigned int n;			/* number of alternatives, > 1 */
	bool preemption;		/* SCHED: candidate 0 is the running task */
	struct sim_task *const *cand;	/* SCHED: the candidates, n of them */
	bool timing;			/* DATA: only a delay (sim_choose_timing()) */
	uint64_t step;			/* index of this choice in the schedule */
};

struct sim_strategy_ops {
	const char *name;
	/* Return an index in [0, c->n). */
	unsigned int (*choose)(struct sim_strategy *st, struct sim *s, const struct sim_choice *c);
	/* choose() never reads c->cand: scheduling points do not list the candidates. */
	bool ignores_cand;
	/*
	 * Optional: told at the end of every step (what one task did between two
	 * scheduling points) which objects it touched, as a sorted footprint
	 * (see sim_touch()).  @task is 0 for the host (timers firing while every
	 * task sleeps).  Steps are numbered from 0 in each run in the order they
	 * end; @cause is the number of the step that spawned or woke @task for
	 * this step (it could not have run before that one), else -1.
	 * Footprints are recorded only for strategies that ask.
	 */
	void (*step)(struct sim_strategy *st, struct sim *s, uint32_t task, const uint32_t *fp,
		     size_t n, int64_t cause);
	/* Called at the start of each run (optional). */
	void (*begin)(struct sim_strategy *st, struct sim *s);
	void (*destroy)(struct sim_strategy *st);
};

struct sim_strategy {
	const struct sim_strategy_ops *ops;
};

/* A seeded random strategy (xoshiro256** seeded through splitmix64). */
struct sim_strategy *sim_strategy_random(uint64_t seed);
/*
 * Probabilistic concurrency testing with bug depth @depth (1..16).
 * @est_steps estimates the number of choices of a run (k); the change
 * points are drawn from [0, est_steps).  Seed it anew for each schedule.
 */
struct sim_strategy *sim_strategy_pct(uint64_t seed, unsigned int depth, uint64_t est_steps);
/* The largest choice count (k) and task count (n) this strategy has seen. */
void sim_strategy_pct_observed(const struct sim_strategy *st, uint64_t *steps, uint64_t *tasks);
/*
 * Replays @schedule; past its end every choice is 0.  A recorded choice that
 * is out of range for the point reached makes the run report a "replay"
 * violation (the schedule belongs to other inputs).
 */
int sim_strategy_replay(struct sim_strategy **out, const char *schedule);
/*
 * Replays @schedule (each choice modulo the alternatives at its point), then
 * goes on with random choices seeded by @seed.
 */
int sim_strategy_replay_then_random(struct sim_strategy **out, const char *schedule,
				    uint64_t seed);
/* The same from decoded choices (copied). */
int sim_strategy_replay_choices(struct sim_strategy **out, const uint32_t *choices, size_t n);
void sim_strategy_destroy(struct sim_strategy *st);

/*
 * Exhaustive depth-first search (strategy_dfs.c), optionally with sleep-set
 * partial-order reduction driven by step footprints.  Drive it as:
 *   do { run; if (sim_strategy_dfs_counts(st)) count the run; }
 *   while (sim_strategy_dfs_next(st));
 */
struct sim_dfs_opts {
	bool por;			/* sleep sets */
	bool dpor;			/* and source sets (source-DPOR), needs por */
	int preemption_bound;		/* < 0: unbounded */
	/*
	 * With a bound and a reduction: explore every schedule within the bound
	 * up to reordering independent steps (bounded partial-order reduction
	 * and sleep sets that respect the bound).  Without it the reductions
	 * may prune schedules that only the pruned order could reach within
	 * the bound: a faster, incomplete search.
	 */
	bool exact_bound;
	unsigned int shard, nr_shards;	/* this shard of nr_shards (0/1: everything) */
	unsigned int shard_depth;	/* where the tree splits between shards (0: 8) */
	/*
	 * Root the search at a recorded prefix: only schedules whose first
	 * root_len choices are these (copied; the prefix's preemptions count
	 * towards the bound).
	 */
	const uint32_t *root;
	size_t root_len;
};

struct sim_dfs_stats {
	uint64_t runs;			/* runs started */
	uint64_t complete;		/* runs that count: whole schedules of this shard */
	uint64_t sleep_blocked;		/* runs cut short: every way on was asleep */
	uint64_t pruned;		/* alternatives never taken because they slept */
	uint64_t races;			/* races that added an alternative to explore (dpor) */
	uint64_t bounded;		/* alternatives dropped by the preemption bound */
	uint64_t other_shard;		/* runs stopped at a prefix another shard owns */
	uint64_t max_depth;		/* most choices in one run */
	bool exhausted;			/* every schedule (of this shard) was explored */
	/*
	 * The search stopped: the prefix it is rooted at asks for a choice
	 * these inputs do not offer (a "replay" violation says which), or the
	 * run ended inside it, after root_fit of its choices.
	 */
	bool root_unfit;
	uint64_t root_fit;
};

struct sim_strategy *sim_strategy_dfs(const struct sim_dfs_opts *o);
/* Does the last run count (a whole schedule, of this shard)? */
bool sim_strategy_dfs_counts(const struct sim_strategy *st);
/* Move to the next schedule; false when the space is exhausted (or a run diverged). */
bool sim_strategy_dfs_next(struct sim_strategy *st);
void sim_strategy_dfs_stats(const struct sim_strategy *st, struct sim_dfs_stats *out);
/*
 * Save / restore the search between processes (-EXDEV: other options;
 * -EPROTO: written by a version with another checkpoint format).
 */
int sim_strategy_dfs_save(const struct sim_strategy *st, const struct sim *s, FILE *f);
int sim_strategy_dfs_load(struct sim_strategy *st, struct sim *s, FILE *f);

/*
 * One search in many processes (cxlsim explore -j).  The search stays in
 * one process (the planner), which alone decides what comes next; other
 * processes (followers) explore the subtrees it plans, and it adopts what
 * they found as if it had explored them itself, so it explores exactly
 * what one process would.
 *
 * sim_strategy_dfs_spec(): a subtree's spec (a malloc'ed blob, names not
 * ids): the prefix its runs replay and what sleeps where it branches.  @nth
 * 0 is the subtree of the next run; @nth 1, 2, ... are subtrees it will
 * explore later if the runs before them ask for nothing new (a guess, to
 * keep others busy).  -ENOENT: no such subtree.  A spec says everything
 * that decides the subtree's runs, so two equal specs are one subtree.
 *
 * sim_strategy_dfs_follow(): make @st (a dfs strategy with the same options)
 * explore that subtree next, as the planner would: a run, then
 * sim_strategy_dfs_follow_next() (1: another run of the subtree follows, 0:
 * it is explored, < 0: it cannot be followed, e.g. a run diverged: the
 * planner must run it itself), and so on for as many runs as it likes.
 * sim_strategy_dfs_subtree() then says what the planner needs (the counts,
 * the races its runs found above the subtree, the footprints they added
 * there, and unless @done the subtree's path as the next run takes it),
 * footprints in this process's ids, each passed to @name before it is
 * written.  sim_strategy_dfs_adopt(), in the planner, when the subtree's
 * spec is its next run's, takes that in (@map: the follower's ids to its
 * own, 0 unknown): it is where one process would be after those runs.
 */
int sim_strategy_dfs_spec(const struct sim_strategy *st, const struct sim *s, unsigned int nth,
			  char **buf, size_t *size);
/*
 * What tells a spec from another in the planning search, without writing
 * it: the node it branches at (each node the search makes has its serial,
 * and stands for its prefix while it lives), the alternative taken there
 * and a hash of what sleeps there.  Equal keys are equal specs (up to a
 * 64-bit hash of the sleep set).
 */
struct sim_dfs_key {
	uint64_t serial, sleep;
	uint32_t alt;
};
int sim_strategy_dfs_spec_key(const struct sim_strategy *st, unsigned int nth,
			      struct sim_dfs_key *key);
/* May the search still come to the subtree of @key (its node lives, the alternative unexplored)? */
bool sim_strategy_dfs_key_ahead(const struct sim_strategy *st, const struct sim_dfs_key *key);
int sim_strategy_dfs_follow(struct sim_strategy *st, struct sim *s, const void *spec,
			    size_t size);
/* The choices a spec's run begins with (to name it), malloc'ed. */
int sim_strategy_dfs_spec_prefix(const void *spec, size_t size, uint32_t **choices, size_t *n);
int sim_strategy_dfs_follow_next(struct sim_strategy *st);
int sim_strategy_dfs_subtree(const struct sim_strategy *st, bool done,
			     int (*name)(void *arg, uint32_t obj), void *arg, char **buf,
			     size_t *size);
int sim_strategy_dfs_adopt(struct sim_strategy *st, const void *buf, size_t size,
			   const uint32_t *map, size_t nmap);

/*
 * vsnprintf()/snprintf() with the same output, fast for plain formats (%s %c
 * %d %u %x, 0 flag, width, l ll z; format.c), for names formatted on every run.
 */
int sim_vsnprintf(char *buf, size_t len, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int sim_snprintf(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Deterministic PRNG used by strategies and generators. */
struct sim_rng {
	uint64_t s[4];
};
void sim_rng_seed(struct sim_rng *r, uint64_t seed);
uint64_t sim_rng_next(struct sim_rng *r);
/* Uniform in [0, n). */
uint64_t sim_rng_below(struct sim_rng *r, uint64_t n);

/*
 * Schedule strings.  Printable, shell-safe, about a byte per choice, with
 * run-length compression so very long runs stay short:
 *   choice 0..51   one letter A..Z a..z
 *   choice >= 52   '.' decimal '.'
 *   a choice followed by decimal digits N repeats it N times in all.
 */
int sim_schedule_encode(const uint32_t *choices, size_t n, char **out);
int sim_schedule_decode(const char *str, uint32_t **choices, size_t *n);
/* Where a string that does not parse goes wrong: a byte offset, and why (static text). */
struct sim_schedule_error {
	size_t pos;
	const char *why;
};
/*
 * The longest schedule a string may give (choices): a run stops long before
 * (SIM_DEFAULT_MAX_STEPS), and "A4294967296" must not ask for 16 GiB.
 */
#define SIM_SCHEDULE_MAX (1u << 26)
/* sim_schedule_decode(), saying in @err (may be NULL) where and why it fails (-EINVAL). */
int sim_schedule_parse(const char *str, uint32_t **choices, size_t *n,
		       struct sim_schedule_error *err);
/*
 * The byte offset in @str of the letter (or .N.) that gives choice number
 * @choice (from 0); strlen(@str) past the last one.
 */
size_t sim_schedule_offset(const char *str, size_t choice);
/* A choice as a schedule string writes it: "A", "z", ".52.". */
#define SIM_SCHEDULE_CHOICE_NAME 16
void sim_schedule_choice_name(uint32_t c, char buf[SIM_SCHEDULE_CHOICE_NAME]);
/*
 * The choices recorded so far in this run, decoded into an array of the
 * simulation's that the next call or the run's next choice overwrites; NULL
 * when out of memory (or before any choice).
 */
size_t sim_schedule_len(const struct sim *s);
const uint32_t *sim_schedule_choices(const struct sim *s);

/* ---- the simulation -------------------------------------------------------- */

#define SIM_FAULT_ALLOC 0x1	/* tracked allocations may fail (a recorded choice) */
#define SIM_FAULT_PROBE 0x2	/* probes may fail with -ENOMEM (see sim_fault()) */
#define SIM_FAULT_DEFER 0x4	/* probes may return -EPROBE_DEFER */

/*
 * Who runs the tasks.  The coroutine executor is the deterministic one
 * described above.  The thread executor (exec_threads.c, docs/executor.md)
 * runs each task on a real thread under one simulation lock, so the OS picks
 * the interleaving: not recorded, not replayable, for stress runs and
 * ThreadSanitizer.
 */
enum sim_executor {
	SIM_EXEC_COROUTINE,
	SIM_EXEC_THREADS,
};

struct sim_opts {
	uint64_t max_steps;	/* 0 = default bound */
	unsigned int faults;	/* SIM_FAULT_* */
	size_t stack_size;	/* 0 = default */
	bool trace_sched;	/* record every scheduling point, not only events */
	enum sim_executor executor;
};

int sim_new(struct sim **out, const struct sim_opts *opts);
void sim_destroy(struct sim *s);
/*
 * Forget everything from the last run (tasks, trace, allocations,
 * violations) but keep pooled stacks and the string table, ready for the
 * next run.  The strategy is kept.
 */
void sim_reset(struct sim *s);
/* The simulation does not own @st. */
void sim_set_strategy(struct sim *s, struct sim_strategy *st);
/*
 * Run until no task is left, the step bound is hit (no-livelock violation),
 * no task can run while some are blocked (no-deadlock violation), or
 * sim_stop().  Returns 0, or a negative errno for an internal failure.
 */
int sim_run(struct sim *s);
uint64_t sim_steps(const struct sim *s);
/* Coroutine stacks mapped so far (pooled: the most tasks alive at once, ever). */
size_t sim_stacks_mapped(const struct sim *s);
uint64_t sim_switches(const struct sim *s);
/* Log sink for diagnostics (not the trace); default discards. */
void sim_set_log(struct sim *s, void (*fn)(void *priv, const char *line), void *priv);
void sim_log(struct sim *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Iterate tasks (for reports and the shell). */
size_t sim_task_count(const struct sim *s);
struct sim_task *sim_task_at(const struct sim *s, size_t i);
/* What a blocked task waits for: "mutex", "completion", ... and the object. */
const char *sim_task_wait_reason(const struct sim_task *t);
uint32_t sim_task_wait_obj(const struct sim_task *t);

/*
 * One slot per layer above the runtime, so each finds its own per-simulation
 * state without including the layers above it.  Slots survive sim_reset();
 * the layer re-initializes its state at the start of each run.
 */
void sim_set_layer(struct sim *s, enum sim_layer layer, void *priv);
static inline void *sim_layer(const struct sim *s, enum sim_layer layer)
{
	return cxlsim__head(s)->layers[layer];
}
/*
 * A layer's tables computed from what does not change between runs (the
 * modules on disk, their dependencies), so that each run need not compute
 * them again: unlike the slot above, a cache survives sim_reset().  The
 * previous cache of @layer, if any, is released first; sim_destroy()
 * releases the last with @release.  The layer checks, each run, that its
 * cache still fits its inputs.
 */
void sim_set_layer_cache(struct sim *s, enum sim_layer layer, void *cache,
			 void (*release)(void *cache));
void *sim_layer_cache(const struct sim *s, enum sim_layer layer);

#endif /* CXLSIM_SIM_H */
