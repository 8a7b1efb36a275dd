/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The runtime's private structures: only src/sim/ includes this. */
#ifndef CXLSIM_SIM_INTERNAL_H
#define CXLSIM_SIM_INTERNAL_H

#include "coro.h"
#include "sim.h"

#define SIM_DEFAULT_MAX_STEPS 2000000ULL
#define SIM_DEFAULT_STACK (64 * 1024)
#define SIM_ASAN_STACK (256 * 1024)
/* Virtual time each scheduling point costs, so log timestamps advance. */
#define SIM_STEP_NS 1000ULL

/* A lock a task holds, innermost last (lockdep.c). */
struct sim_held_lock {
	const struct sim_lockdep_map *map;
	const struct sim_site *site;	/* where it was taken */
	uint32_t cls;			/* lockdep's class index, LD_NO_CLASS when unknown */
	uint32_t name;			/* the lock's name then */
	bool read;			/* the read side of an rwsem */
};

#define SIM_MAX_HELD 24		/* deeper nesting is not tracked (counted, not recorded) */
#define LD_NO_CLASS UINT32_MAX

struct sim_timer {
	uint64_t expires;
	uint64_t seq;			/* ties broken by arming order */
	struct list_head node;
	void (*fn)(struct sim *s, struct sim_timer *t);
	bool armed;
};

/*
 * What a task needs only while it can still run.  A finished task gives it
 * back (sim->spare_rt) for later spawns, so a run holds as many as it has
 * live tasks at once, not one per task it spawned.
 */
struct sim_task_rt {
	struct sim_task *task;
	sim_task_fn fn;
	void *arg;
	struct coro co;
	struct coro_stack *stack;
	struct sim_timer sleep_timer;
	/* sim_ambient_push()/suspend(): a stack of keys, AMBIENT_NONE for suspended */
	uint32_t ambient[16];
	unsigned int nr_ambient;
	bool ambient_cleared;		/* sim_ambient_clear(): empty means no key */
	bool step_ambient;		/* the running step started under an ambient key */
	uint32_t step_key;		/* ... this one */
	struct list_head run_node;	/* on sim->runq while runnable */
	const char *wait_reason;
	uint32_t wait_obj;
	/* The lock it sleeps on, for lock-cycle detection and reports */
	const struct sim_lockdep_map *wait_lock;
	const struct sim_site *wait_site;
	bool wait_read;
	unsigned int nr_held;		/* may exceed SIM_MAX_HELD: the rest is not recorded */
	struct sim_task_thr *thr;	/* thread executor: its thread, while the run lasts */
	int64_t cause;			/* the step that spawned or woke it, -1 none */
	struct sim_task_rt *next_spare;	/* on sim->spare_rt while unused */
	/* Last: a reused one is cleared up to here only (nr_held says what is valid). */
	struct sim_held_lock held[SIM_MAX_HELD];
};

/*
 * A task as traces, reports and joins name it: kept until the run's reset.
 * 32 bytes: a run spawns several tasks per device.  Who joins a task that has
 * not finished waits on a wait queue of its own (struct sim_join), made at
 * the first such join: few tasks are ever joined.
 */
/*
 * 16 bytes: a run may spawn tens of thousands.  Its id follows from where it
 * sits (cxlsim__task_id()); the key its exit writes for the footprints, when
 * not its name, is in sim->exit_keys.
 */
struct sim_task {
	uint32_t name_id;
	enum sim_task_state state;
	struct sim_task_rt *rt;		/* NULL once the task has finished */
};

/* The wait queue of the tasks joining @task, on sim->joins (scratch memory, until the reset). */
struct sim_join {
	struct list_head node;
	struct sim_task *task;
	struct sim_waitq wq;
};

/*
 * Task structs are carved, in spawn order, from blocks of TASK_BLOCK_BYTES
 * aligned on their size: task I of a run is tasks[I % TASK_BLOCK] of block
 * I / TASK_BLOCK (no pointer per task), and a task finds its simulation in
 * its block's header (no back-pointer per task).  The blocks are kept across
 * resets; only sim_destroy() frees them.
 */
#define TASK_BLOCK_BYTES 4096
#define TASK_BLOCK_HEAD 16
#define TASK_BLOCK ((TASK_BLOCK_BYTES - TASK_BLOCK_HEAD) / sizeof(struct sim_task))

struct sim_task_block {
	struct sim *sim;
	uint32_t index;			/* its place in sim->task_blocks */
	struct sim_task tasks[TASK_BLOCK];
};
_Static_assert(offsetof(struct sim_task_block, tasks) == TASK_BLOCK_HEAD, "TASK_BLOCK_HEAD");
_Static_assert(sizeof(struct sim_task_block) <= TASK_BLOCK_BYTES, "a task block fits its size");

static inline struct sim_task_block *task_block_of(const struct sim_task *t)
{
	return (struct sim_task_block *)((uintptr_t)t & ~(uintptr_t)(TASK_BLOCK_BYTES - 1));
}

/* @t's id: 1 for the run's first task. */
static inline uint32_t cxlsim__task_id(const struct sim_task *t)
{
	const struct sim_task_block *b = task_block_of(t);

	return b->index * (uint32_t)TASK_BLOCK + (uint32_t)(t - b->tasks) + 1;
}

struct sim_waiter {
	struct list_head node;
	struct sim_task *task;
};

#define INTERN_RECENT 128
#define INTERN_PREFIXED 64
#define INTERN_FORMATTED 256
#define INTERN_FORMAT_MAX 32
#define INTERN_FMT_KINDS 64

struct intern_block {
	struct intern_block *next;
	char mem[];
};

struct intern_table {
	uint32_t *refs;			/* id -> its string: block index, offset (intern.c) */
	char **block_mem;		/* the blocks' text, oldest first */
	uint32_t nr_blocks, cap_blocks;
	struct intern_block *blocks;	/* newest first; freed with the table */
	char *block_next;		/* free room in the newest block */
	size_t block_left;
	uint32_t nr, cap;
	uint32_t *slots;		/* open addressing: 8 bits of hash, id+1; 0 = empty */
	uint32_t nr_slots;
	/*
	 * The id last returned for a string at this address, by address: most
	 * names are constants interned on every run.  A hit is checked with a
	 * strcmp(), so a buffer reused for another name only misses.
	 */
	struct intern_recent {
		const char *str;
		uint32_t id;
	} recent[INTERN_RECENT];
	/*
	 * The read-only segment of the object this code is in (its string
	 * constants): a string there never changes while the code runs, so a
	 * hit on its address needs no strcmp().  Empty when not found.
	 */
	uintptr_t ro_lo, ro_hi;
	/* sim_vinternf(): what a constant format is (format_kind()), by address */
	struct intern_fmt_kind {
		const char *fmt;
		size_t len;
		int kind;
		char conv[2];
	} fmt_kinds[INTERN_FMT_KINDS];
	/* sim_intern_prefixed(): (prefix, id) -> id, direct-mapped */
	struct intern_prefixed {
		const char *prefix;
		uint32_t id, result;
	} prefixed[INTERN_PREFIXED];
	/*
	 * sim_vinternf(): (format, arguments) -> id, direct-mapped.  @args holds
	 * the ints, or the hash of the string, whose hit is checked against the
	 * interned name.  @fmt_copy and @size check an integers' hit.
	 */
	struct intern_formatted {
		const char *fmt;
		const char *str;	/* the string argument, for a hit on a constant */
		uint64_t args;
		uint32_t id, size;
		int kind;
		char fmt_copy[INTERN_FORMAT_MAX];
	} formatted[INTERN_FORMATTED];
};

/*
 * 8 bytes, and payloads 8-byte aligned (what kmalloc() promises on x86-64 and
 * arm64 too: ARCH_KMALLOC_MINALIGN is the alignment of a u64): every model
 * object carries one until the reset.  A freed one keeps it, with its magic
 * turned to the freed one.  The type is an index in sim->alloc_types, whose
 * strings are the callers' (literals).  Whether an object has a block of its
 * own follows from its size (alloc.c), and the objects are found again by
 * walking the chunks they were carved from and the list of own blocks: no link
 * per object.
 */
struct sim_alloc_hdr {
	uint32_t size;
	uint16_t type;			/* index in sim->alloc_types */
	uint16_t magic;			/* ALLOC_MAGIC, ALLOC_FREED once freed */
};

struct sim_alloc_type_slot {
	const char *type;
	uint32_t index;
};

/* An allocation calloc'd alone (large, or every one under ASan): its link, then its header. */
struct sim_own_block {
	struct sim_own_block *next;
	struct sim_alloc_hdr hdr;
};

/* Tracked allocations are carved from chunks that a reset rewinds (alloc.c). */
struct sim_chunk {
	struct sim_chunk *next;
	size_t size, used;
	uint64_t pad;			/* keeps mem 16-byte aligned */
	unsigned char mem[];
};

struct sim_workqueue {
	uint32_t name;
	unsigned int flags;
	struct list_head pending;	/* ordered: queued items */
	struct sim_task *worker;	/* ordered: the worker while it runs */
	unsigned int active;		/* items queued or running */
	struct sim_waitq idle;
	struct list_head all_node;
};

struct sim {
	struct sim_head head;		/* first: sim.h's inline tests read it */
	struct sim_opts opts;
	struct coro host;
	struct coro_stack_pool stacks;
	struct sim_task *current;
	struct list_head runq;
	unsigned int nr_runnable;

	size_t nr_tasks;		/* this run's: task I is cxlsim__task_at(s, I) */
	struct sim_task_block **task_blocks;	/* where every task struct is carved from */
	size_t nr_task_blocks, cap_task_blocks;
	unsigned int task_block_used;		/* ... the first block, that far */
	struct sim_task **cand;		/* scratch for choices */
	size_t cap_cand;

	uint64_t now;
	uint64_t steps;
	uint64_t switches;
	uint64_t timer_seq;
	struct list_head timers;

	struct sim_event *trace;
	size_t trace_len, trace_cap;

	/*
	 * The choices of this run, 4 bits each (most are below 10): SCHED_BIG
	 * stands for the next of sched_big.  sim_schedule_choices() decodes them
	 * into sched_view when asked.
	 */
	uint8_t *sched;
	size_t sched_len, sched_cap;	/* in choices; in bytes */
	uint32_t *sched_big;
	size_t nr_sched_big, cap_sched_big;
	uint32_t *sched_view;
	size_t cap_sched_view;

	struct sim_violation *viol;
	size_t nr_viol, cap_viol;
	bool stopped;
	bool running;
	unsigned int faults_off;	/* sim_faults_off() nesting */

	struct coro_stack *dead_stack;	/* released once off it */
	struct sim_task_rt *dead_rt;	/* likewise: the finished task's coroutine is on it */
	struct sim_task_rt *spare_rt;	/* runtime parts for the next spawns */

	struct intern_table strings;
	struct sim_own_block *own_blocks;	/* the run's allocations not carved from chunks */
	/* The allocations' type names by index, and a hash of their addresses (alloc.c). */
	const char **alloc_types;
	size_t nr_alloc_types, cap_alloc_types;
	struct sim_alloc_type_slot *alloc_type_hash;
	size_t alloc_type_mask;
	size_t nr_live_allocs;
	struct sim_chunk *chunks;	/* every chunk, kept across resets */
	struct sim_chunk *chunk;	/* the one being carved, NULL before the first */

	struct list_head joins;		/* struct sim_join, one per task being joined */
	struct list_head scratch;	/* runtime blocks freed at reset */
	struct list_head scratch_spare;	/* freed small blocks, for the next allocations */
	struct list_head workqueues;
	struct sim_workqueue *system_wq, *system_unbound_wq;
	struct sim_busy async_pending;	/* its key covers the cookies too */
	uint64_t async_next_cookie;

	struct sim_strategy *strategy;
	bool has_default_ambient;	/* tasks start under default_ambient */
	uint32_t default_ambient;
	uint32_t *fp;			/* the running step's footprint, unsorted */
	size_t fp_len, fp_cap;
	uint32_t *fp_tmp;		/* sort_footprint()'s scratch */
	size_t fp_tmp_cap;
	uint64_t step_no;		/* steps ended so far this run */
	/* With footprints: tasks spawned this run under each name id (exit_key()) */
	uint32_t *name_uses;
	size_t cap_name_uses;
	/* With footprints: task I's exit key when it is not its name (0: it is). */
	uint32_t *exit_keys;
	size_t cap_exit_keys;
	void (*log_fn)(void *priv, const char *line);
	void *log_priv;
	void *layer_caches[SIM_NR_LAYERS];	/* sim_set_layer_cache(): kept across resets */
	void (*layer_cache_release[SIM_NR_LAYERS])(void *cache);
	struct sim_lockdep *lockdep;	/* lockdep.c: classes (kept), this run's order graph */
	struct sim_thr *thr;		/* thread executor: non-NULL while it runs */
};

/* sched.c */
/* End the running step: hand its footprint to the strategy. */
void cxlsim__step_end(struct sim *s, uint32_t task);
unsigned int cxlsim__sim_choose(struct sim *s, enum sim_choice_kind kind, unsigned int n,
				bool preemption, struct sim_task *const *cand);
unsigned int cxlsim__sim_choose_ex(struct sim *s, enum sim_choice_kind kind, unsigned int n,
				   bool preemption, struct sim_task *const *cand, bool timing);
void cxlsim__timer_arm(struct sim *s, struct sim_timer *t, uint64_t expires);
bool cxlsim__timer_cancel(struct sim *s, struct sim_timer *t);
/* A scheduling point whose trace record carries @detail (sim_sched_point() has none). */
void cxlsim__sched_point_detail(struct sim *s, const char *ev, uint32_t obj, uint32_t detail);
/* lockdep.c; lockdep.h has the fast paths of acquire and release. */
uint32_t cxlsim__lockdep_class(struct sim *s, const struct sim_lockdep_map *map, uint32_t name,
			       unsigned int subclass);
/* @t's entry for @map (the innermost), or NULL. */
/* The task's hold of @map becomes a read hold (downgrade_write()); false if it holds none. */
bool cxlsim__lockdep_downgrade(struct sim_task *t, const struct sim_lockdep_map *map);
const struct sim_held_lock *cxlsim__lockdep_held(const struct sim_task *t,
						 const struct sim_lockdep_map *map);
/* The text of a site, or "?" for none. */
const char *cxlsim__site_str(struct sim *s, const struct sim_site *site);
/* A new run: forget the order graph (classes stay). */
void cxlsim__lockdep_reset(struct sim *s);
void cxlsim__lockdep_free(struct sim *s);
/* trace.c / intern.c / alloc.c / workqueue.c housekeeping */
void cxlsim__intern_init(struct intern_table *t);
void cxlsim__intern_free(struct intern_table *t);
/* Free this run's tracked allocations; @keep_chunks: for the next run. */
void cxlsim__allocs_free(struct sim *s, bool keep_chunks);
void cxlsim__task_exit_wake(struct sim *s, struct sim_task *t);
void cxlsim__workqueues_init(struct sim *s);
void cxlsim__workqueues_free(struct sim *s);

/*
 * The thread executor (exec_threads.c).  sched.c calls these when
 * opts.executor is SIM_EXEC_THREADS (run, spawn) or while s->thr is set (the
 * scheduling points), and offers the helpers below them.
 */
int cxlsim__thr_run(struct sim *s);
void cxlsim__thr_spawn(struct sim *s, struct sim_task *t);
void cxlsim__thr_sched_point(struct sim *s);
void cxlsim__thr_block(struct sim *s);
void cxlsim__thr_wake(struct sim *s, struct sim_task *t);
/* sched.c, for exec_threads.c: set this thread's sim_current(). */
void cxlsim__sim_set_current(struct sim *s);
/* The bookkeeping every scheduling point does: virtual time, step bound, timers. */
void cxlsim__sched_tick(struct sim *s);
/*
 * Nothing can run: advance virtual time to the next timer and fire it (true),
 * or end the run, reporting a deadlock if a task is still blocked (false).
 */
bool cxlsim__sched_idle(struct sim *s);

/* Grow *@arr to hold @need items of @elem bytes, the new ones zeroed; false on ENOMEM. */
bool cxlsim__grow_slow(void **arr, size_t *cap, size_t need, size_t elem);
/* Asked at every choice and spawn, and seldom growing: the test is inline. */
static inline bool cxlsim__grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	return need <= *cap || cxlsim__grow_slow(arr, cap, need, elem);
}

/* This run's task @i (0-based; its id is @i + 1), @i < s->nr_tasks. */
static inline struct sim_task *cxlsim__task_at(const struct sim *s, size_t i)
{
	return &s->task_blocks[i / TASK_BLOCK]->tasks[i % TASK_BLOCK];
}

#endif /* CXLSIM_SIM_INTERNAL_H */
