// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Tasks and the scheduler.
 *
 * A task switches straight to the next task (no trip through the host) so a
 * scheduling point costs one context switch at most, and none when the
 * strategy keeps the running task.  The host context runs only when nothing
 * is runnable: it advances virtual time to the next timer, detects deadlock,
 * or ends the run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"
#include "strbuf.h"

_Thread_local struct sim *cxlsim__cur_sim;

struct sim_task *sim_current_task(void)
{
	return cxlsim__cur_sim ? cxlsim__cur_sim->current : NULL;
}

/*
 * Grow *@arr (of @elem-byte items) to hold at least @need, the new items
 * zeroed; false on ENOMEM.
 */
bool cxlsim__grow_slow(void **arr, size_t *cap, size_t need, size_t elem)
{
	size_t ncap = *cap ? *cap : 16;
	void *n;

	if (need <= *cap)
		return true;
	while (ncap < need)
		ncap *= 2;
	n = realloc(*arr, ncap * elem);
	if (!n)
		return false;
	memset((char *)n + *cap * elem, 0, (ncap - *cap) * elem);
	*arr = n;
	*cap = ncap;
	return true;
}

int sim_new(struct sim **out, const struct sim_opts *opts)
{
	struct sim *s = calloc(1, sizeof(*s));
	size_t stack;

	if (!s)
		return -ENOMEM;
	if (opts)
		s->opts = *opts;
	if (!s->opts.max_steps)
		s->opts.max_steps = SIM_DEFAULT_MAX_STEPS;
#ifdef CORO_ASAN
	stack = SIM_ASAN_STACK;
#else
	stack = SIM_DEFAULT_STACK;
#endif
	if (s->opts.stack_size > stack)
		stack = s->opts.stack_size;
	coro_stack_pool_init(&s->stacks, stack);
	INIT_LIST_HEAD(&s->runq);
	INIT_LIST_HEAD(&s->timers);
	INIT_LIST_HEAD(&s->workqueues);
	INIT_LIST_HEAD(&s->scratch);
	INIT_LIST_HEAD(&s->scratch_spare);
	INIT_LIST_HEAD(&s->joins);
	cxlsim__intern_init(&s->strings);
	if (!s->strings.refs) {
		free(s);
		return -ENOMEM;
	}
	sim_reset(s);
	*out = s;
	return 0;
}

struct scratch_hdr {
	struct list_head node;
	size_t cap;			/* SCRATCH_SMALL: a pooled block */
};

/*
 * Scratch memory is a few small blocks a run (uevent aliases, work timers,
 * async entries), each allocated and freed: freed small blocks are kept for
 * the next ones instead of a calloc() and a free() each.  Under
 * AddressSanitizer every block is its own, so that it still sees a use
 * after free.
 */
#define SCRATCH_SMALL 128
#ifdef CORO_ASAN
#define SCRATCH_POOL false
#else
#define SCRATCH_POOL true
#endif

void *sim_scratch_alloc(struct sim *s, size_t size)
{
	struct scratch_hdr *h;

	if (SCRATCH_POOL && size <= SCRATCH_SMALL && !list_empty(&s->scratch_spare)) {
		h = list_first_entry(&s->scratch_spare, struct scratch_hdr, node);
		list_del(&h->node);
		memset(h + 1, 0, size);
	} else {
		size_t cap = SCRATCH_POOL && size <= SCRATCH_SMALL ? SCRATCH_SMALL : size;

		h = calloc(1, sizeof(*h) + cap);
		if (!h)
			return NULL;
		h->cap = cap;
	}
	list_add_tail(&h->node, &s->scratch);
	return h + 1;
}

void sim_scratch_free(struct sim *s, void *p)
{
	struct scratch_hdr *h;

	if (!p)
		return;
	h = (struct scratch_hdr *)p - 1;
	list_del(&h->node);
	if (SCRATCH_POOL && h->cap == SCRATCH_SMALL)
		list_add(&h->node, &s->scratch_spare);
	else
		free(h);
}

/* @keep: small blocks stay pooled for the next run. */
static void free_scratch(struct sim *s, bool keep)
{
	struct scratch_hdr *h;

	while (!list_empty(&s->scratch))
		sim_scratch_free(s, list_first_entry(&s->scratch, struct scratch_hdr, node) + 1);
	while (!keep && !list_empty(&s->scratch_spare)) {
		h = list_first_entry(&s->scratch_spare, struct scratch_hdr, node);
		list_del(&h->node);
		free(h);
	}
}

/* A runtime part no task uses any more goes back to the pool, its stack to theirs. */
static void put_rt(struct sim *s, struct sim_task_rt *rt)
{
	if (rt->stack)
		coro_stack_put(&s->stacks, rt->stack);
	coro_destroy(&rt->co);
	rt->next_spare = s->spare_rt;
	s->spare_rt = rt;
}

/* Once off the finished task's stack: give back its stack and runtime part. */
static void release_dead(struct sim *s)
{
	if (s->dead_stack) {
		coro_stack_put(&s->stacks, s->dead_stack);
		s->dead_stack = NULL;
	}
	if (s->dead_rt) {
		s->dead_rt->task->rt = NULL;
		put_rt(s, s->dead_rt);
		s->dead_rt = NULL;
	}
}

/* The task structs stay in their blocks for the next run's spawns. */
static void free_tasks(struct sim *s)
{
	size_t i;

	release_dead(s);
	for (i = 0; i < s->nr_tasks; i++) {
		struct sim_task *t = cxlsim__task_at(s, i);

		if (t->name_id < s->cap_name_uses)
			s->name_uses[t->name_id] = 0;
		if (i < s->cap_exit_keys)
			s->exit_keys[i] = 0;
		if (t->rt)
			put_rt(s, t->rt);
	}
	s->nr_tasks = 0;
}

static void free_spare_rt(struct sim *s)
{
	while (s->spare_rt) {
		struct sim_task_rt *rt = s->spare_rt;

		s->spare_rt = rt->next_spare;
		free(rt);
	}
}

void sim_reset(struct sim *s)
{
	free_tasks(s);
	free_scratch(s, true);
	INIT_LIST_HEAD(&s->joins);
	cxlsim__workqueues_free(s);
	cxlsim__allocs_free(s, true);
	INIT_LIST_HEAD(&s->runq);
	INIT_LIST_HEAD(&s->timers);
	s->nr_runnable = 0;
	s->current = NULL;
	s->now = 0;
	s->steps = 0;
	s->switches = 0;
	s->timer_seq = 0;
	s->trace_len = 0;
	s->sched_len = 0;
	s->nr_sched_big = 0;
	s->nr_viol = 0;
	s->stopped = false;
	s->faults_off = 0;
	s->has_default_ambient = false;
	s->async_next_cookie = 1;
	cxlsim__lockdep_reset(s);
	sim_busy_init(s, &s->async_pending, "async_done", "async_pending");
	cxlsim__workqueues_init(s);
}

void sim_destroy(struct sim *s)
{
	int i;

	if (!s)
		return;
	for (i = 0; i < SIM_NR_LAYERS; i++)
		sim_set_layer_cache(s, (enum sim_layer)i, NULL, NULL);
	free_tasks(s);
	while (s->nr_task_blocks)
		free(s->task_blocks[--s->nr_task_blocks]);
	free(s->task_blocks);
	free_spare_rt(s);
	free_scratch(s, false);
	cxlsim__workqueues_free(s);
	cxlsim__allocs_free(s, false);
	coro_stack_pool_destroy(&s->stacks);
	cxlsim__lockdep_free(s);
	cxlsim__intern_free(&s->strings);
	free(s->cand);
	free(s->name_uses);
	free(s->exit_keys);
	free(s->fp_tmp);
	free(s->trace);
	free(s->sched);
	free(s->sched_big);
	free(s->sched_view);
	free(s->viol);
	free(s->fp);
	free(s);
}

void sim_set_strategy(struct sim *s, struct sim_strategy *st)
{
	s->strategy = st;
	s->head.fp_on = st && st->ops->step;
}

/* ---- footprints ---- */

void cxlsim__touch(struct sim *s, uint32_t obj, bool write)
{
	if (!s->head.fp_on)
		return;
	if (!cxlsim__grow((void **)&s->fp, &s->fp_cap, s->fp_len + 1, sizeof(*s->fp)))
		obj = SIM_TOUCH_ALL, s->fp_len = 0;	/* no memory: say "everything" */
	s->fp[s->fp_len++] = obj << 1 | (write ? 1u : 0u);
}

bool sim_footprints(const struct sim *s)
{
	return s->head.fp_on;
}

void sim_touch_name(struct sim *s, const char *name, bool write)
{
	if (s->head.fp_on)
		sim_touch(s, sim_intern(s, name), write);
}

/*
 * Least significant byte first, a pass per byte that is not the same in
 * every entry; @tmp has room for @n.  For the few steps that walk a bus of
 * thousands of devices, where qsort()'s comparison calls were a fifth of a
 * dfs search on the default topology.
 */
static void radix_sort(uint32_t *v, uint32_t *tmp, size_t n)
{
	uint32_t *src = v, *dst = tmp, *t;
	unsigned int shift;
	size_t i;

	for (shift = 0; shift < 32; shift += 8) {
		size_t count[257] = { 0 };

		for (i = 0; i < n; i++)
			count[(src[i] >> shift & 0xff) + 1]++;
		if (count[(src[0] >> shift & 0xff) + 1] == n)
			continue;
		for (i = 1; i < 257; i++)
			count[i] += count[i - 1];
		for (i = 0; i < n; i++)
			dst[count[src[i] >> shift & 0xff]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, n * sizeof(*v));
}

/*
 * A step's footprint is a few dozen entries, often touched in order: an
 * insertion sort is fastest there, a radix sort for the rare long ones.
 */
static void sort_footprint(struct sim *s, uint32_t *v, size_t n)
{
	size_t i, j;

	if (n > 64 && cxlsim__grow((void **)&s->fp_tmp, &s->fp_tmp_cap, n, sizeof(*s->fp_tmp))) {
		radix_sort(v, s->fp_tmp, n);
		return;
	}
	for (i = 1; i < n; i++) {
		uint32_t x = v[i];

		for (j = i; j && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

#define AMBIENT_NONE UINT32_MAX
#define AMBIENT_MAX (sizeof(((struct sim_task_rt *)0)->ambient) / sizeof(uint32_t))

/* The key the task's code runs under now; false when none. */
static bool ambient_now(const struct sim *s, const struct sim_task_rt *t, uint32_t *key)
{
	if (!t->nr_ambient) {
		*key = s->default_ambient;
		return s->has_default_ambient && !t->ambient_cleared;
	}
	/* Deeper than the stack: say "everything", which is always safe. */
	*key = t->nr_ambient > AMBIENT_MAX ? SIM_TOUCH_ALL : t->ambient[t->nr_ambient - 1];
	return *key != AMBIENT_NONE;
}

/*
 * Out of line, as ambient_pop() below: the callers' test of fp_on is then
 * all a run without footprints pays, without saving registers for this.
 */
static __attribute__((noinline)) void ambient_set(struct sim *s, struct sim_task_rt *t,
						  uint32_t key)
{
	uint32_t now;

	if (t->nr_ambient < AMBIENT_MAX)
		t->ambient[t->nr_ambient] = key;
	t->nr_ambient++;
	if (ambient_now(s, t, &now))
		sim_touch(s, now, true);
}

void sim_set_default_ambient(struct sim *s, uint32_t obj)
{
	s->default_ambient = obj;
	s->has_default_ambient = true;
}

/*
 * Ambient keys only ever become footprints: without a strategy that records
 * them (fp_on is fixed for a run) the stack is not kept at all, which saves
 * the driver core's every call (DRV_CORE_SCOPE()) a push and a pop.
 */
void cxlsim__ambient_push(struct sim *s, uint32_t obj)
{
	if (s && s->head.fp_on && s->current)
		ambient_set(s, s->current->rt, obj);
}

void cxlsim__ambient_suspend(struct sim *s)
{
	if (s && s->head.fp_on && s->current)
		ambient_set(s, s->current->rt, AMBIENT_NONE);
}

void sim_ambient_clear(struct sim *s)
{
	if (s && s->head.fp_on && s->current) {
		s->current->rt->nr_ambient = 0;
		s->current->rt->ambient_cleared = true;
	}
}

bool sim_ambient_now(const struct sim *s, uint32_t *key)
{
	if (!s || !s->head.fp_on || !s->current)
		return false;
	return ambient_now(s, s->current->rt, key);
}

static __attribute__((noinline)) void ambient_pop(struct sim *s, struct sim_task_rt *t)
{
	uint32_t now;

	if (!t->nr_ambient)
		return;
	t->nr_ambient--;
	/* Back in the caller's code: its key applies to this step too. */
	if (ambient_now(s, t, &now))
		sim_touch(s, now, true);
}

void cxlsim__ambient_pop(struct sim *s)
{
	if (s && s->head.fp_on && s->current)
		ambient_pop(s, s->current->rt);
}

static __attribute__((noinline)) void step_end_fp(struct sim *s, uint32_t task)
{
	struct sim_task *t = task && s->current && cxlsim__task_id(s->current) == task ? s->current : NULL;
	size_t i, n = 0;

	if (t) {
		struct sim_task_rt *rt = t->rt;

		/* A step that began in ambient code ran some of it. */
		if (rt->step_ambient)
			sim_touch(s, rt->step_key, true);
		/* The task's next step starts where this one stops. */
		rt->step_ambient = ambient_now(s, rt, &rt->step_key);
	}
	sort_footprint(s, s->fp, s->fp_len);
	/* One entry per object; a write wins over a read (it sorts after it). */
	for (i = 0; i < s->fp_len; i++) {
		if (n && SIM_FP_OBJ(s->fp[n - 1]) == SIM_FP_OBJ(s->fp[i]))
			s->fp[n - 1] = s->fp[i];
		else
			s->fp[n++] = s->fp[i];
	}
	s->strategy->ops->step(s->strategy, s, task, s->fp, n, t ? t->rt->cause : -1);
	if (t)
		t->rt->cause = -1;
	s->step_no++;
	s->fp_len = 0;
}

/* Without footprints (random, pct) ending a step is a test that saves no registers. */
void cxlsim__step_end(struct sim *s, uint32_t task)
{
	if (s->head.fp_on)
		step_end_fp(s, task);
}

bool sim_fp_conflict(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t i = 0, j = 0;

	if ((na && SIM_FP_OBJ(a[0]) == SIM_TOUCH_ALL) || (nb && SIM_FP_OBJ(b[0]) == SIM_TOUCH_ALL))
		return true;
	while (i < na && j < nb) {
		uint32_t x = SIM_FP_OBJ(a[i]), y = SIM_FP_OBJ(b[j]);

		if (x < y) {
			i++;
		} else if (y < x) {
			j++;
		} else {
			if (SIM_FP_WRITE(a[i]) || SIM_FP_WRITE(b[j]))
				return true;
			i++;
			j++;
		}
	}
	return false;
}

void sim_set_layer(struct sim *s, enum sim_layer layer, void *priv)
{
	s->head.layers[layer] = priv;
}

void sim_set_layer_cache(struct sim *s, enum sim_layer layer, void *cache,
			 void (*release)(void *cache))
{
	if (s->layer_caches[layer] && s->layer_caches[layer] != cache &&
	    s->layer_cache_release[layer])
		s->layer_cache_release[layer](s->layer_caches[layer]);
	s->layer_caches[layer] = cache;
	s->layer_cache_release[layer] = release;
}

void *sim_layer_cache(const struct sim *s, enum sim_layer layer)
{
	return s->layer_caches[layer];
}

void sim_set_log(struct sim *s, void (*fn)(void *priv, const char *line), void *priv)
{
	s->log_fn = fn;
	s->log_priv = priv;
}

void sim_log(struct sim *s, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	if (!s->log_fn)
		return;
	va_start(ap, fmt);
	sim_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	s->log_fn(s->log_priv, buf);
}

/* ---- tasks ---- */

static void task_entry(void *arg);

struct sim_task *sim_spawn(struct sim *s, const char *name, sim_task_fn fn, void *arg)
{
	return sim_spawn_id(s, sim_intern(s, name), fn, arg);
}

static struct sim_task_rt *get_rt(struct sim *s)
{
	struct sim_task_rt *rt = s->spare_rt;

	if (!rt)
		return calloc(1, sizeof(*rt));
	s->spare_rt = rt->next_spare;
	memset(rt, 0, offsetof(struct sim_task_rt, held));
	return rt;
}

/* Tasks are many and small: a malloc() each would add its overhead to every one. */
static struct sim_task *get_task(struct sim *s)
{
	size_t b = s->nr_tasks / TASK_BLOCK;
	struct sim_task *t;

	if (b == s->nr_task_blocks) {
		struct sim_task_block *blk;

		if (!cxlsim__grow((void **)&s->task_blocks, &s->cap_task_blocks, b + 1,
				  sizeof(*s->task_blocks)))
			return NULL;
		blk = aligned_alloc(TASK_BLOCK_BYTES, TASK_BLOCK_BYTES);
		if (!blk)
			return NULL;
		blk->sim = s;
		blk->index = (uint32_t)b;
		s->task_blocks[s->nr_task_blocks++] = blk;
	}
	t = cxlsim__task_at(s, s->nr_tasks);
	memset(t, 0, sizeof(*t));
	return t;
}

/*
 * The key of @t's exit for the footprints (what its end writes and a join
 * reads): its own name, but "NAME#K" for the K-th task of that name this run,
 * so that two tasks of one name (two uevents with one modalias) do not
 * conflict just by ending.  Without footprints nobody reads it.
 */
static uint32_t exit_key(struct sim *s, const struct sim_task *t)
{
	size_t old = s->cap_name_uses;
	uint32_t k;

	if (!s->head.fp_on)
		return t->name_id;
	if (t->name_id >= old) {
		if (!cxlsim__grow((void **)&s->name_uses, &s->cap_name_uses, t->name_id + 1,
			  sizeof(*s->name_uses)))
			return SIM_TOUCH_ALL;
		memset(s->name_uses + old, 0, (s->cap_name_uses - old) * sizeof(*s->name_uses));
	}
	k = ++s->name_uses[t->name_id];
	return k == 1 ? t->name_id : sim_internf(s, "%s#%u", sim_str(s, t->name_id), k);
}

/* Record @t's exit key, where it is not its name: in sim->exit_keys. */
static void set_exit_key(struct sim *s, const struct sim_task *t)
{
	uint32_t key = exit_key(s, t);
	size_t i = cxlsim__task_id(t) - 1;

	if (key == t->name_id)
		return;
	if (!cxlsim__grow((void **)&s->exit_keys, &s->cap_exit_keys, i + 1, sizeof(*s->exit_keys)))
		key = SIM_TOUCH_ALL;
	if (i < s->cap_exit_keys)
		s->exit_keys[i] = key;
}

static inline uint32_t task_exit_key(const struct sim *s, const struct sim_task *t)
{
	size_t i;

	/* No side array: no run of this simulation had footprints. */
	if (!s->cap_exit_keys)
		return t->name_id;
	i = cxlsim__task_id(t) - 1;
	return i < s->cap_exit_keys && s->exit_keys[i] ? s->exit_keys[i] : t->name_id;
}

struct sim_task *sim_spawn_id(struct sim *s, uint32_t name_id, sim_task_fn fn, void *arg)
{
	struct sim_task_rt *rt;
	struct sim_task *t;

	rt = get_rt(s);
	if (!rt)
		return NULL;
	t = get_task(s);
	if (!t) {
		put_rt(s, rt);
		return NULL;
	}
	t->name_id = name_id;
	t->rt = rt;
	rt->task = t;
	rt->fn = fn;
	rt->arg = arg;
	t->state = SIM_TASK_NEW;
	/* A task runs code for whoever started it: it starts under the spawner's key. */
	if (s->current) {
		uint32_t key;

		rt->ambient[0] = ambient_now(s, s->current->rt, &key) ? key : AMBIENT_NONE;
		rt->nr_ambient = 1;
	}
	rt->step_ambient = ambient_now(s, rt, &rt->step_key);
	/* Spawning enables the task: its first step comes after the spawner's. */
	rt->cause = s->running ? (int64_t)s->step_no : -1;
	set_exit_key(s, t);
	INIT_LIST_HEAD(&rt->sleep_timer.node);
	s->nr_tasks++;
	sim_trace(s, "spawn", t->name_id, 0, (int32_t)cxlsim__task_id(t));
	if (s->opts.executor == SIM_EXEC_THREADS) {
		cxlsim__thr_spawn(s, t);
		return t;
	}
	list_add_tail(&t->rt->run_node, &s->runq);
	s->nr_runnable++;
	return t;
}

struct sim_task *sim_spawnf(struct sim *s, sim_task_fn fn, void *arg, const char *fmt, ...)
{
	va_list ap;
	uint32_t name_id;

	va_start(ap, fmt);
	name_id = sim_vinternf(s, 128, fmt, ap);
	va_end(ap);
	return sim_spawn_id(s, name_id, fn, arg);
}

uint32_t sim_task_id(const struct sim_task *t)
{
	return cxlsim__task_id(t);
}

const char *sim_task_name(const struct sim_task *t)
{
	return sim_str(task_block_of(t)->sim, t->name_id);
}

enum sim_task_state sim_task_state(const struct sim_task *t)
{
	return t->state;
}

size_t sim_task_count(const struct sim *s)
{
	return s->nr_tasks;
}

struct sim_task *sim_task_at(const struct sim *s, size_t i)
{
	return i < s->nr_tasks ? cxlsim__task_at(s, i) : NULL;
}

const char *sim_task_wait_reason(const struct sim_task *t)
{
	return t->rt ? t->rt->wait_reason : NULL;
}

uint32_t sim_task_wait_obj(const struct sim_task *t)
{
	return t->rt ? t->rt->wait_obj : 0;
}

/* ---- choices ---- */

/*
 * The strategy answered a choice that is not there (a replayed schedule made
 * for other inputs): say which, where, and what there was to choose from.
 * The candidates of a scheduling choice are the running task (for a
 * preemption) and then the run queue, as fill_cand() lists them.
 */
static void misfit(struct sim *s, const struct sim_choice *c, unsigned int pick)
{
	struct sim_strbuf sb = SIM_STRBUF_INIT;
	char name[SIM_SCHEDULE_CHOICE_NAME], last[SIM_SCHEDULE_CHOICE_NAME];
	struct sim_task_rt *rt;
	unsigned int i = 0;
	char *what;
	bool first = true;

	sim_schedule_choice_name(c->n - 1, last);
	if (c->kind == SIM_CHOICE_SCHED) {
		sim_strbuf_puts(&sb, "which task runs next: ");
		if (c->preemption && s->current) {
			sim_strbuf_printf(&sb, "A %s (keeps running)", sim_task_name(s->current));
			i++;
			first = false;
		}
		list_for_each_entry(rt, &s->runq, run_node) {
			if (i == c->n)
				break;
			if (i == 8) {
				sim_strbuf_printf(&sb, ", ... %s", last);
				break;
			}
			sim_schedule_choice_name(i++, name);
			sim_strbuf_printf(&sb, "%s%s %s", first ? "" : ", ", name,
					  sim_task_name(rt->task));
			first = false;
		}
	} else if (c->kind == SIM_CHOICE_FAULT) {
		sim_strbuf_puts(&sb, "inject a fault here: A no, B yes");
	} else {
		sim_strbuf_puts(&sb, c->timing ? "a delay" : "a value");
	}
	what = sim_strbuf_detach(&sb);
	sim_schedule_choice_name(pick, name);
	sim_violation(s, "replay", "step %zu chooses %s (%u), out of range: only A..%s there (%s)",
		      s->sched_len, name, pick, last, what ? what : "");
	free(what);
}

/*
 * The run's choices, 4 bits each (two a byte, the first in the low half):
 * most choose among fewer than 15 (the largest at gen:4096 is 10); SCHED_BIG
 * says the value is the next one in sched_big.
 */
#define SCHED_BIG 15

static inline unsigned int sched_nibble(const struct sim *s, size_t i)
{
	return (s->sched[i >> 1] >> (i & 1 ? 4 : 0)) & 15;
}

/* Append @pick to the run's choices. */
static inline void record_choice(struct sim *s, unsigned int pick)
{
	uint8_t *b;

	if ((s->sched_len >> 1) == s->sched_cap &&
	    !cxlsim__grow((void **)&s->sched, &s->sched_cap, (s->sched_len >> 1) + 1,
			  sizeof(*s->sched)))
		return;
	if (pick >= SCHED_BIG) {
		if (!cxlsim__grow((void **)&s->sched_big, &s->cap_sched_big, s->nr_sched_big + 1,
				  sizeof(*s->sched_big)))
			return;
		s->sched_big[s->nr_sched_big++] = pick;
		pick = SCHED_BIG;
	}
	b = &s->sched[s->sched_len >> 1];
	*b = s->sched_len & 1 ? (uint8_t)(*b | pick << 4) : (uint8_t)pick;
	s->sched_len++;
}

unsigned int cxlsim__sim_choose(struct sim *s, enum sim_choice_kind kind, unsigned int n,
				bool preemption, struct sim_task *const *cand)
{
	return cxlsim__sim_choose_ex(s, kind, n, preemption, cand, false);
}

unsigned int cxlsim__sim_choose_ex(struct sim *s, enum sim_choice_kind kind, unsigned int n,
				   bool preemption, struct sim_task *const *cand, bool timing)
{
	struct sim_choice c = {
		.kind = kind,
		.n = n,
		.preemption = preemption,
		.cand = cand,
		.step = s->sched_len,
		.timing = timing,
	};
	unsigned int pick = 0;

	if (s->strategy)
		pick = s->strategy->ops->choose(s->strategy, s, &c);
	if (pick >= n) {
		misfit(s, &c, pick);
		pick = 0;
	}
	record_choice(s, pick);
	return pick;
}

unsigned int sim_choose(struct sim *s, unsigned int n)
{
	if (n < 2)
		return 0;
	return cxlsim__sim_choose(s, SIM_CHOICE_DATA, n, false, NULL);
}

unsigned int sim_choose_timing(struct sim *s, unsigned int n)
{
	if (n < 2)
		return 0;
	return cxlsim__sim_choose_ex(s, SIM_CHOICE_DATA, n, false, NULL, true);
}

/* Detach and return the @i-th runnable task (FIFO order). */
static struct sim_task *runq_take(struct sim *s, unsigned int i)
{
	struct list_head *p = s->runq.next;

	while (i--)
		p = p->next;
	list_del_init(p);
	s->nr_runnable--;
	return list_entry(p, struct sim_task_rt, run_node)->task;
}

static __attribute__((noinline)) struct sim_task *const *fill_cand_list(struct sim *s,
									 struct sim_task *first)
{
	struct sim_task_rt *rt;
	size_t n = 0;

	if (!cxlsim__grow((void **)&s->cand, &s->cap_cand, s->nr_runnable + 1, sizeof(*s->cand)))
		return NULL;
	if (first)
		s->cand[n++] = first;
	list_for_each_entry(rt, &s->runq, run_node)
		s->cand[n++] = rt->task;
	return s->cand;
}

/* The candidates of a scheduling choice, or NULL for a strategy that never reads them. */
static inline struct sim_task *const *fill_cand(struct sim *s, struct sim_task *first)
{
	if (s->strategy && s->strategy->ops->ignores_cand)
		return NULL;
	return fill_cand_list(s, first);
}

/* Pick among the runnable queue (the running task is not a candidate). */
static struct sim_task *pick_from_runq(struct sim *s)
{
	unsigned int i = 0;

	if (!s->nr_runnable)
		return NULL;
	if (s->nr_runnable > 1)
		i = cxlsim__sim_choose(s, SIM_CHOICE_SCHED, s->nr_runnable, false,
				       fill_cand(s, NULL));
	return runq_take(s, i);
}

/* Prepare @t to run (its first time: give it a stack). */
static bool make_ready(struct sim *s, struct sim_task *t)
{
	if (t->state == SIM_TASK_NEW) {
		t->rt->stack = coro_stack_get(&s->stacks);
		if (!t->rt->stack)
			return false;
		coro_init(&t->rt->co, t->rt->stack, task_entry, t);
	}
	t->state = SIM_TASK_RUNNING;
	return true;
}

/* Leave the running task (already marked blocked, runnable or done) for @next or the host. */
static void switch_away(struct sim *s, struct sim_task *next, bool dying)
{
	struct sim_task *prev = s->current;

	if (s->stopped)
		next = NULL;
	if (next && !make_ready(s, next)) {
		sim_violation(s, "no-leak", "out of memory for a task stack");
		s->stopped = true;
		next = NULL;
	}
	s->current = next;
	s->switches++;
	coro_switch(&prev->rt->co, next ? &next->rt->co : &s->host, dying);
	/* Running again on prev's stack. */
	release_dead(s);
}

static void check_bounds(struct sim *s)
{
	if (++s->steps > s->opts.max_steps && !s->stopped) {
		sim_violation(s, "no-livelock", "step bound of %llu exceeded",
			      (unsigned long long)s->opts.max_steps);
		s->stopped = true;
	}
}

static __attribute__((noinline)) void fire_due_timers(struct sim *s)
{
	while (!list_empty(&s->timers)) {
		struct sim_timer *t = list_first_entry(&s->timers, struct sim_timer, node);

		if (t->expires > s->now)
			break;
		list_del_init(&t->node);
		t->armed = false;
		/* Time is shared by everyone: a step that fires a timer depends on all. */
		sim_touch(s, SIM_TOUCH_ALL, true);
		t->fn(s, t);
	}
}

/*
 * Every scheduling point asks, and a timer is seldom due: the test is inline,
 * the firing out of line, so that asking saves no registers.
 */
static inline void fire_timers(struct sim *s)
{
	if (!list_empty(&s->timers) &&
	    list_first_entry(&s->timers, struct sim_timer, node)->expires <= s->now)
		fire_due_timers(s);
}

void cxlsim__sched_point_detail(struct sim *s, const char *ev, uint32_t obj, uint32_t detail)
{
	struct sim_task *cur = s->current;
	unsigned int i;

	sim_trace(s, ev, obj, detail, 0);
	s->now += SIM_STEP_NS;
	check_bounds(s);
	fire_timers(s);
	if (s->thr) {
		cxlsim__thr_sched_point(s);
		return;
	}
	if (s->stopped) {
		cur->state = SIM_TASK_BLOCKED;
		cur->rt->wait_reason = "stopped";
		switch_away(s, NULL, false);
		return;
	}
	cxlsim__step_end(s, cxlsim__task_id(cur));
	if (!s->nr_runnable)
		return;
	i = cxlsim__sim_choose(s, SIM_CHOICE_SCHED, s->nr_runnable + 1, true, fill_cand(s, cur));
	if (!i)
		return;
	cur->state = SIM_TASK_RUNNABLE;
	list_add_tail(&cur->rt->run_node, &s->runq);
	s->nr_runnable++;
	/* cur is now last in the queue; the pick's index is unchanged. */
	switch_away(s, runq_take(s, i - 1), false);
}

void sim_sched_point(struct sim *s, const char *ev, uint32_t obj)
{
	cxlsim__sched_point_detail(s, ev, obj, 0);
}

void sim_block(struct sim *s, const char *why, uint32_t on)
{
	struct sim_task *cur = s->current;

	cur->state = SIM_TASK_BLOCKED;
	cur->rt->wait_reason = why;
	cur->rt->wait_obj = on;
	sim_trace(s, "block", on, sim_intern(s, why), 0);
	s->now += SIM_STEP_NS;
	check_bounds(s);
	fire_timers(s);
	cxlsim__step_end(s, cxlsim__task_id(cur));
	if (s->thr)
		cxlsim__thr_block(s);
	else
		switch_away(s, s->stopped ? NULL : pick_from_runq(s), false);

	cur->rt->wait_reason = NULL;
	cur->rt->wait_obj = 0;
}

void sim_wake(struct sim *s, struct sim_task *t)
{
	if (t->state != SIM_TASK_BLOCKED)
		return;
	/* Its next step comes after this one (after the host's, for a timer). */
	t->rt->cause = s->running ? (int64_t)s->step_no : -1;
	t->state = SIM_TASK_RUNNABLE;
	if (s->thr) {
		cxlsim__thr_wake(s, t);
		return;
	}
	list_add_tail(&t->rt->run_node, &s->runq);
	s->nr_runnable++;
}

static void task_entry(void *arg)
{
	struct sim_task *t = arg;
	struct sim *s = task_block_of(t)->sim;

	release_dead(s);
	t->rt->fn(t->rt->arg);
	t->state = SIM_TASK_DONE;
	sim_trace(s, "exit", t->name_id, 0, 0);
	cxlsim__task_exit_wake(s, t);
	s->now += SIM_STEP_NS;
	check_bounds(s);
	fire_timers(s);
	cxlsim__step_end(s, cxlsim__task_id(t));
	/* The next to run gives back what only this coroutine still stands on. */
	s->dead_stack = t->rt->stack;
	t->rt->stack = NULL;
	s->dead_rt = t->rt;
	switch_away(s, s->stopped ? NULL : pick_from_runq(s), true);
	__builtin_unreachable();
}

static struct sim_join *find_join(struct sim *s, const struct sim_task *t)
{
	struct sim_join *j;

	list_for_each_entry(j, &s->joins, node)
		if (j->task == t)
			return j;
	return NULL;
}

/* @t has finished: wake who joins it (what waking its wait queue did, queue or not). */
void cxlsim__task_exit_wake(struct sim *s, struct sim_task *t)
{
	struct sim_join *j = list_empty(&s->joins) ? NULL : find_join(s, t);

	if (j)
		sim_waitq_wake_all(s, &j->wq);
	else
		sim_touch(s, task_exit_key(s, t), true);
}

void sim_task_join(struct sim *s, struct sim_task *t)
{
	struct sim_join *j;

	sim_touch(s, task_exit_key(s, t), false);
	if (t->state == SIM_TASK_DONE)
		return;
	j = find_join(s, t);
	if (!j) {
		j = sim_scratch_alloc(s, sizeof(*j));
		if (!j) {
			sim_violation(s, "no-leak", "out of memory for joining %s",
				      sim_str(s, t->name_id));
			sim_stop(s);
			return;
		}
		j->task = t;
		sim_waitq_init_id(&j->wq, t->name_id);
		j->wq.key = task_exit_key(s, t);
		list_add_tail(&j->node, &s->joins);
	}
	while (t->state != SIM_TASK_DONE)
		sim_waitq_sleep(s, &j->wq);
}

/* ---- timers and virtual time ---- */

void cxlsim__timer_arm(struct sim *s, struct sim_timer *t, uint64_t expires)
{
	struct sim_timer *pos;

	if (t->armed)
		list_del_init(&t->node);
	t->expires = expires;
	t->seq = s->timer_seq++;
	t->armed = true;
	/* Sorted by expiry, then by arming order: deterministic and stable. */
	list_for_each_entry_reverse(pos, &s->timers, node) {
		if (pos->expires <= expires) {
			list_add(&t->node, &pos->node);
			return;
		}
	}
	list_add(&t->node, &s->timers);
}

bool cxlsim__timer_cancel(struct sim *s, struct sim_timer *t)
{
	if (!t->armed)
		return false;
	list_del_init(&t->node);
	t->armed = false;
	return true;
}

uint64_t sim_now(const struct sim *s)
{
	return s->now;
}

bool sim_next_timer(const struct sim *s, uint64_t *expires)
{
	if (list_empty(&s->timers))
		return false;
	*expires = list_first_entry(&s->timers, struct sim_timer, node)->expires;
	return true;
}

static void sleep_timer_fn(struct sim *s, struct sim_timer *tm)
{
	sim_wake(s, container_of(tm, struct sim_task_rt, sleep_timer)->task);
}

void sim_sleep_ns(struct sim *s, uint64_t ns)
{
	struct sim_task *cur = s->current;
	uint64_t until = s->now + ns;

	cur->rt->sleep_timer.fn = sleep_timer_fn;
	cxlsim__timer_arm(s, &cur->rt->sleep_timer, until);
	while (s->now < until && !s->stopped)
		sim_block(s, "sleep", 0);
	cxlsim__timer_cancel(s, &cur->rt->sleep_timer);
}

/* ---- the run loop ---- */

static void report_deadlock(struct sim *s)
{
	char buf[1024];
	size_t i, off = 0;

	for (i = 0; i < s->nr_tasks && off < sizeof(buf) - 1; i++) {
		struct sim_task *t = cxlsim__task_at(s, i);
		int n;

		if (t->state != SIM_TASK_BLOCKED)
			continue;
		n = snprintf(buf + off, sizeof(buf) - off, "%s%s waits on %s %s", off ? "; " : "",
			     sim_str(s, t->name_id), t->rt->wait_reason ? t->rt->wait_reason : "?",
			     sim_str(s, t->rt->wait_obj));
		if (n < 0)
			break;
		off += (size_t)n;
	}
	buf[sizeof(buf) - 1] = '\0';
	sim_violation(s, "no-deadlock", "no task can run: %s", buf);
}

int sim_run(struct sim *s)
{
	struct sim *saved = cxlsim__cur_sim;

	if (s->opts.executor == SIM_EXEC_THREADS)
		return cxlsim__thr_run(s);
	if (s->running)
		return -EBUSY;
	s->running = true;
	cxlsim__cur_sim = s;
	coro_init_host(&s->host);
	s->fp_len = 0;
	s->step_no = 0;
	if (s->strategy && s->strategy->ops->begin)
		s->strategy->ops->begin(s->strategy, s);
	while (!s->stopped) {
		struct sim_task *next = pick_from_runq(s);
		size_t i;
		bool blocked = false;

		if (next) {
			if (!make_ready(s, next)) {
				sim_violation(s, "no-leak", "out of memory for a task stack");
				break;
			}
			s->current = next;
			s->switches++;
			coro_switch(&s->host, &next->rt->co, false);
			release_dead(s);
			continue;
		}
		if (!list_empty(&s->timers)) {
			struct sim_timer *t = list_first_entry(&s->timers, struct sim_timer, node);

			if (t->expires > s->now)
				s->now = t->expires;
			fire_timers(s);
			cxlsim__step_end(s, 0);
			continue;
		}
		for (i = 0; i < s->nr_tasks; i++)
			if (cxlsim__task_at(s, i)->state == SIM_TASK_BLOCKED)
				blocked = true;
		if (blocked)
			report_deadlock(s);
		break;
	}
	s->current = NULL;
	s->running = false;
	coro_destroy(&s->host);
	cxlsim__cur_sim = saved;
	return 0;
}

uint64_t sim_steps(const struct sim *s)
{
	return s->steps;
}

size_t sim_stacks_mapped(const struct sim *s)
{
	return s->stacks.nr_mapped;
}

uint64_t sim_switches(const struct sim *s)
{
	return s->switches;
}

/* ---- violations ---- */

void sim_violation(struct sim *s, const char *property, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	struct sim_violation *v;

	va_start(ap, fmt);
	sim_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!cxlsim__grow((void **)&s->viol, &s->cap_viol, s->nr_viol + 1, sizeof(*s->viol)))
		return;
	v = &s->viol[s->nr_viol++];
	v->property = property;
	v->msg = sim_intern(s, msg);
	v->step = s->steps;
	v->task = s->current ? cxlsim__task_id(s->current) : 0;
	sim_trace(s, "VIOLATION", sim_intern(s, property), v->msg, 0);
}

size_t sim_violation_count(const struct sim *s)
{
	return s->nr_viol;
}

const struct sim_violation *sim_violation_get(const struct sim *s, size_t i)
{
	return i < s->nr_viol ? &s->viol[i] : NULL;
}

void sim_stop(struct sim *s)
{
	s->stopped = true;
}

void sim_rollback(struct sim *s, size_t nr_viol, size_t trace_len)
{
	if (nr_viol < s->nr_viol)
		s->nr_viol = nr_viol;
	if (trace_len < s->trace_len)
		s->trace_len = trace_len;
}

void sim_set_current(struct sim *s)
{
	cxlsim__cur_sim = s;
}

bool sim_stopped(const struct sim *s)
{
	return s->stopped;
}

size_t sim_schedule_len(const struct sim *s)
{
	return s->sched_len;
}

const uint32_t *sim_schedule_choices(const struct sim *s)
{
	struct sim *w = (struct sim *)s;	/* the decoded view is a cache */
	size_t i, big = 0;

	if (!cxlsim__grow((void **)&w->sched_view, &w->cap_sched_view, s->sched_len,
			  sizeof(*w->sched_view)))
		return NULL;
	for (i = 0; i < s->sched_len; i++) {
		unsigned int c = sched_nibble(s, i);

		w->sched_view[i] = c == SCHED_BIG ? s->sched_big[big++] : c;
	}
	return w->sched_view;
}

/* ---- for the thread executor (exec_threads.c) ---- */

void cxlsim__sim_set_current(struct sim *s)
{
	cxlsim__cur_sim = s;
}

void cxlsim__sched_tick(struct sim *s)
{
	s->now += SIM_STEP_NS;
	check_bounds(s);
	fire_timers(s);
}

bool cxlsim__sched_idle(struct sim *s)
{
	size_t i;

	if (!list_empty(&s->timers)) {
		struct sim_timer *t = list_first_entry(&s->timers, struct sim_timer, node);

		if (t->expires > s->now)
			s->now = t->expires;
		fire_timers(s);
		return true;
	}
	for (i = 0; i < s->nr_tasks; i++) {
		if (cxlsim__task_at(s, i)->state == SIM_TASK_BLOCKED) {
			report_deadlock(s);
			break;
		}
	}
	return false;
}
