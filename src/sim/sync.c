// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Sleeping primitives.  Everything sleeps on a wait queue; a woken task
 * always re-checks its condition, so wake-ups may be generous without
 * changing what the model means.
 */
#include <stdio.h>
#include <string.h>

#include "lockdep.h"

void sim_waitq_init_id(struct sim_waitq *wq, uint32_t name)
{
	INIT_LIST_HEAD(&wq->waiters);
	wq->name = name;
	wq->key = name;
}

void sim_waitq_init(struct sim *s, struct sim_waitq *wq, const char *name)
{
	sim_waitq_init_id(wq, sim_intern(s, name));
}

static void waitq_sleep(struct sim *s, struct sim_waitq *wq, const char *why, uint32_t on)
{
	struct sim_waiter w = { .task = s->current };

	sim_touch(s, wq->key, true);
	list_add_tail(&w.node, &wq->waiters);
	sim_block(s, why, on);
	list_del_init(&w.node);
}

void sim_waitq_sleep(struct sim *s, struct sim_waitq *wq)
{
	waitq_sleep(s, wq, "waitqueue", wq->name);
}

/* Recorded so a timeline can draw who woke whom; not a scheduling point. */
static void wake_waiter(struct sim *s, struct sim_waitq *wq, struct sim_task *t)
{
	sim_wake(s, t);
	sim_trace(s, "wake", t->name_id, wq->name, (int32_t)cxlsim__task_id(t));
}

int sim_waitq_wake_all(struct sim *s, struct sim_waitq *wq)
{
	struct sim_waiter *w;
	int n = 0;

	sim_touch(s, wq->key, true);
	list_for_each_entry(w, &wq->waiters, node) {
		if (w->task->state == SIM_TASK_BLOCKED) {
			wake_waiter(s, wq, w->task);
			n++;
		}
	}
	return n;
}

int sim_waitq_wake_one(struct sim *s, struct sim_waitq *wq)
{
	struct sim_waiter *w;

	sim_touch(s, wq->key, true);
	list_for_each_entry(w, &wq->waiters, node) {
		if (w->task->state == SIM_TASK_BLOCKED) {
			wake_waiter(s, wq, w->task);
			return 1;
		}
	}
	return 0;
}

/* ---- who waits for whom, for lock cycles ---- */

static void lockdep_map_init(struct sim_lockdep_map *map, enum sim_lock_kind kind)
{
	map->magic = SIM_LOCKDEP_MAGIC;
	map->class = 0;
	map->nest_parent = NULL;
	map->kind = kind;
	map->novalidate = false;
	map->class_fixed = false;
	map->subclass = 0;
}

static uint32_t lock_name(const struct sim_lockdep_map *map)
{
	if (map->kind == SIM_LOCK_RWSEM)
		return container_of(map, struct sim_rwsem, dep)->name;
	return container_of(map, struct sim_mutex, dep)->wq.name;
}

#define CYCLE_MAX 16
#define HOLDERS_MAX 16

/*
 * The tasks a task that waits for @map (for read: @read) waits on: the
 * owner of a mutex; the writer of an rwsem, and its readers when a writer
 * waits; for a reader, also the writers queued before it (they go first).
 * Each with the relation, for the report.
 */
static size_t lock_blockers(struct sim *s, const struct sim_lockdep_map *map, bool read,
			    struct sim_task **out, const char **rel)
{
	const struct sim_rwsem *sem;
	size_t n = 0, i;

	if (map->kind == SIM_LOCK_MUTEX) {
		out[0] = container_of(map, struct sim_mutex, dep)->owner;
		rel[0] = "held by";
		return out[0] ? 1 : 0;
	}
	sem = container_of(map, struct sim_rwsem, dep);
	if (sem->writer) {
		out[n] = sem->writer;
		rel[n++] = "held by";
	}
	for (i = 0; i < s->nr_tasks && n < HOLDERS_MAX; i++) {
		struct sim_task *t = cxlsim__task_at(s, i);
		const struct sim_held_lock *h;

		if (!t->rt || t == sem->writer)
			continue;
		h = read ? NULL : cxlsim__lockdep_held(t, map);
		if (h && h->read) {
			out[n] = t;
			rel[n++] = "read-held by";
		} else if (read && t->state == SIM_TASK_BLOCKED && t->rt->wait_lock == map &&
			   !t->rt->wait_read) {
			out[n] = t;
			rel[n++] = "queued behind the writer";
		}
	}
	return n;
}

struct cycle {
	struct sim_task *task[CYCLE_MAX];	/* task[i] waits for lock[i] ... */
	const struct sim_lockdep_map *lock[CYCLE_MAX];
	const struct sim_site *site[CYCLE_MAX];
	bool read[CYCLE_MAX];			/* (for read) ... */
	const char *rel[CYCLE_MAX];		/* ... which task[i + 1] holds (rel[i]) */
	size_t len;
	unsigned int budget;
};

/* Depth first along "waits for a lock that ... holds": back to the running task? */
static bool find_cycle(struct sim *s, struct cycle *c, size_t depth)
{
	struct sim_task *who[HOLDERS_MAX];
	const char *rel[HOLDERS_MAX];
	size_t n, i;

	if (depth >= CYCLE_MAX || !c->budget--)
		return false;
	n = lock_blockers(s, c->lock[depth], c->read[depth], who, rel);
	for (i = 0; i < n; i++) {
		struct sim_task *t = who[i];

		c->rel[depth] = rel[i];
		if (t == s->current) {
			c->len = depth + 1;
			return true;
		}
		if (depth + 1 >= CYCLE_MAX || t->state != SIM_TASK_BLOCKED || !t->rt->wait_lock)
			continue;
		c->task[depth + 1] = t;
		c->lock[depth + 1] = t->rt->wait_lock;
		c->site[depth + 1] = t->rt->wait_site;
		c->read[depth + 1] = t->rt->wait_read;
		if (find_cycle(s, c, depth + 1))
			return true;
	}
	return false;
}

/*
 * Would the running task, waiting for @map at @site, close a cycle of tasks
 * each waiting for a lock the next one holds?  Reports it (no-deadlock) and
 * stops the run.  The cycle of length one is the task itself: a lock it
 * already holds.
 */
static bool check_deadlock(struct sim *s, const struct sim_lockdep_map *map,
			   const struct sim_site *site, bool read)
{
	struct cycle c = { .budget = 256 };
	const struct sim_held_lock *h;
	char msg[1024];
	size_t off = 0, i;
	int n;

	c.task[0] = s->current;
	c.lock[0] = map;
	c.site[0] = site;
	c.read[0] = read;
	if (!find_cycle(s, &c, 0))
		return false;
	if (c.len == 1 && !strcmp(c.rel[0], "held by")) {
		h = cxlsim__lockdep_held(s->current, map);
		sim_violation(s, "no-deadlock",
			      "%s takes %s at %s, which it already holds (taken at %s)",
			      sim_task_name(s->current), sim_str(s, lock_name(map)),
			      cxlsim__site_str(s, site), h ? cxlsim__site_str(s, h->site) : "?");
		sim_stop(s);
		return true;
	}
	n = snprintf(msg, sizeof(msg), "lock cycle: ");
	off = n > 0 ? (size_t)n : 0;
	for (i = 0; i < c.len && off < sizeof(msg); i++) {
		struct sim_task *next = i + 1 < c.len ? c.task[i + 1] : s->current;

		h = cxlsim__lockdep_held(next, c.lock[i]);
		n = snprintf(msg + off, sizeof(msg) - off, "%s wants %s%s at %s, %s %s%s%s%s",
			     i ? ", which" : sim_task_name(c.task[i]),
			     sim_str(s, lock_name(c.lock[i])),
			     c.read[i] ? " for read" : "",
			     cxlsim__site_str(s, c.site[i]), c.rel[i], sim_task_name(next),
			     h ? " (taken at " : "", h ? cxlsim__site_str(s, h->site) : "",
			     h ? ")" : "");
		off += n > 0 ? (size_t)n : 0;
	}
	sim_violation(s, "no-deadlock", "%s", msg);
	sim_stop(s);
	return true;
}

/*
 * Sleep on @wq waiting for @map, after checking for a cycle unless the run
 * is stopped or *@checked says the caller just did.  The callers check once
 * before the lock checker runs, so that a run which deadlocks here reports
 * no-deadlock first and lock-order after it.
 */
static void lock_wait(struct sim *s, struct sim_waitq *wq, const struct sim_lockdep_map *map,
		      const struct sim_site *site, bool read, const char *why, bool *checked)
{
	struct sim_task_rt *rt = s->current->rt;

	if (!*checked && !s->stopped)
		check_deadlock(s, map, site, read);
	*checked = false;
	rt->wait_lock = map;
	rt->wait_site = site;
	rt->wait_read = read;
	waitq_sleep(s, wq, why, wq->name);
	rt->wait_lock = NULL;
	rt->wait_site = NULL;
	rt->wait_read = false;
}

/*
 * The detail of a lock's trace records: "at FUNC", "read at FUNC"; 0 when
 * not tracing.  The function alone, without file and line, which reports
 * give: a trace stays the same when code around the lock moves.
 */
static uint32_t site_detail(struct sim *s, const char *prefix, const struct sim_site *site)
{
	if (s->head.trace_off || !site)
		return 0;
	return sim_intern_prefixed(s, prefix, sim_intern(s, site->func));
}

/* ---- mutex ---- */

void sim_mutex_init(struct sim *s, struct sim_mutex *m, const char *name)
{
	m->owner = NULL;
	sim_waitq_init_id(&m->wq, sim_intern(s, name));
	lockdep_map_init(&m->dep, SIM_LOCK_MUTEX);
}

/*
 * The object holding @m was freed while the current task was on its way to
 * take it (another task ran at the scheduling point): a use after free in
 * the model, reported; the lock is left alone.
 */
static bool lock_freed(struct sim *s, struct sim_mutex *m)
{
	if (!sim_mem_freed(m, sizeof(*m)))
		return false;
	sim_violation(s, "no-uaf", "%s takes a lock whose memory was freed meanwhile",
		      sim_task_name(s->current));
	return true;
}

void sim_mutex_lock_nested_at(struct sim *s, struct sim_mutex *m, unsigned int subclass,
			      const struct sim_site *site)
{
	uint32_t detail = site_detail(s, "at ", site), cls;
	bool checked;

	cxlsim__sched_point_detail(s, "lock", m->wq.name, detail);
	if (lock_freed(s, m))
		return;
	checked = m->owner && !s->stopped;
	if (checked)
		check_deadlock(s, &m->dep, site, false);
	cls = cxlsim__lockdep_acquire(s, &m->dep, m->wq.name, subclass ? subclass : m->dep.subclass,
				      site, false);
	while (m->owner) {
		lock_wait(s, &m->wq, &m->dep, site, false, "mutex", &checked);
		if (lock_freed(s, m))
			return;
	}
	m->owner = s->current;
	sim_touch(s, m->wq.name, true);
	cxlsim__lockdep_push(s, &m->dep, m->wq.name, cls, site, false);
	sim_trace(s, "locked", m->wq.name, detail, 0);
}

bool sim_mutex_trylock_at(struct sim *s, struct sim_mutex *m, const struct sim_site *site)
{
	sim_touch(s, m->wq.name, true);
	if (m->owner)
		return false;
	m->owner = s->current;
	cxlsim__lockdep_push(s, &m->dep, m->wq.name,
			     cxlsim__lockdep_class(s, &m->dep, m->wq.name, m->dep.subclass), site, false);
	sim_trace(s, "locked", m->wq.name, site_detail(s, "at ", site), 0);
	return true;
}

void sim_mutex_unlock(struct sim *s, struct sim_mutex *m)
{
	if (m->owner != s->current)
		sim_violation(s, "lock-owner", "%s releases %s it does not hold",
			      s->current ? sim_task_name(s->current) : "host", sim_str(s, m->wq.name));
	cxlsim__lockdep_release(s, m->owner, &m->dep);
	m->owner = NULL;
	sim_touch(s, m->wq.name, true);
	/* Every waiter races for the lock again: the strategy decides who wins. */
	sim_waitq_wake_all(s, &m->wq);
	sim_sched_point(s, "unlock", m->wq.name);
}

bool sim_mutex_is_locked(const struct sim_mutex *m)
{
	return m->owner != NULL;
}

bool sim_mutex_held_by_current(const struct sim_mutex *m)
{
	return m->owner && m->owner == sim_current_task();
}

/* ---- read-write semaphore ---- */

/*
 * Writers are preferred: a reader waits while a writer holds the lock or
 * waits for it (sim.h says why).  Every release wakes every waiter, and the
 * strategy decides who gets there first, as for the mutex.
 */

void sim_rwsem_init(struct sim *s, struct sim_rwsem *sem, const char *name)
{
	sem->writer = NULL;
	sem->readers = 0;
	sem->writers_waiting = 0;
	sem->name = sim_intern(s, name);
	sim_waitq_init_id(&sem->wq, sem->name);
	lockdep_map_init(&sem->dep, SIM_LOCK_RWSEM);
}

void sim_down_read_nested_at(struct sim *s, struct sim_rwsem *sem, unsigned int subclass,
			     const struct sim_site *site)
{
	uint32_t detail = site_detail(s, "read at ", site), cls;

	bool checked;

	cxlsim__sched_point_detail(s, "lock", sem->name, detail);
	checked = (sem->writer || sem->writers_waiting) && !s->stopped;
	if (checked)
		check_deadlock(s, &sem->dep, site, true);
	cls = cxlsim__lockdep_acquire(s, &sem->dep, sem->name,
				      subclass ? subclass : sem->dep.subclass, site, true);
	sim_touch(s, sem->name, true);
	while (sem->writer || sem->writers_waiting)
		lock_wait(s, &sem->wq, &sem->dep, site, true, "rwsem", &checked);
	sem->readers++;
	cxlsim__lockdep_push(s, &sem->dep, sem->name, cls, site, true);
	sim_trace(s, "locked", sem->name, detail, 0);
}

void sim_down_write_nested_at(struct sim *s, struct sim_rwsem *sem, unsigned int subclass,
			      const struct sim_site *site)
{
	uint32_t detail = site_detail(s, "write at ", site), cls;

	bool checked;

	cxlsim__sched_point_detail(s, "lock", sem->name, detail);
	checked = (sem->writer || sem->readers) && !s->stopped;
	if (checked)
		check_deadlock(s, &sem->dep, site, false);
	cls = cxlsim__lockdep_acquire(s, &sem->dep, sem->name,
				      subclass ? subclass : sem->dep.subclass, site, false);
	sim_touch(s, sem->name, true);
	if (sem->writer || sem->readers) {
		sem->writers_waiting++;
		while (sem->writer || sem->readers)
			lock_wait(s, &sem->wq, &sem->dep, site, false, "rwsem", &checked);
		sem->writers_waiting--;
	}
	sem->writer = s->current;
	cxlsim__lockdep_push(s, &sem->dep, sem->name, cls, site, false);
	sim_trace(s, "locked", sem->name, detail, 0);
}

bool sim_down_read_trylock_at(struct sim *s, struct sim_rwsem *sem, const struct sim_site *site)
{
	sim_touch(s, sem->name, true);
	if (sem->writer || sem->writers_waiting)
		return false;
	sem->readers++;
	cxlsim__lockdep_push(s, &sem->dep, sem->name,
			     cxlsim__lockdep_class(s, &sem->dep, sem->name, sem->dep.subclass), site, true);
	sim_trace(s, "locked", sem->name, site_detail(s, "read at ", site), 0);
	return true;
}

bool sim_down_write_trylock_at(struct sim *s, struct sim_rwsem *sem, const struct sim_site *site)
{
	sim_touch(s, sem->name, true);
	if (sem->writer || sem->readers)
		return false;
	sem->writer = s->current;
	cxlsim__lockdep_push(s, &sem->dep, sem->name,
			     cxlsim__lockdep_class(s, &sem->dep, sem->name, sem->dep.subclass), site, false);
	sim_trace(s, "locked", sem->name, site_detail(s, "write at ", site), 0);
	return true;
}

void sim_up_read(struct sim *s, struct sim_rwsem *sem)
{
	const struct sim_held_lock *h = cxlsim__lockdep_held(s->current, &sem->dep);

	if (!sem->readers || (s->current && (!h || !h->read)))
		sim_violation(s, "lock-owner", "%s releases %s for read, which it does not hold",
			      s->current ? sim_task_name(s->current) : "host",
			      sim_str(s, sem->name));
	if (sem->readers)
		sem->readers--;
	cxlsim__lockdep_release(s, s->current, &sem->dep);
	sim_touch(s, sem->name, true);
	if (!sem->readers)
		sim_waitq_wake_all(s, &sem->wq);
	sim_sched_point(s, "unlock", sem->name);
}

void sim_up_write(struct sim *s, struct sim_rwsem *sem)
{
	if (sem->writer != s->current)
		sim_violation(s, "lock-owner", "%s releases %s for write, which it does not hold",
			      s->current ? sim_task_name(s->current) : "host",
			      sim_str(s, sem->name));
	cxlsim__lockdep_release(s, sem->writer, &sem->dep);
	sem->writer = NULL;
	sim_touch(s, sem->name, true);
	sim_waitq_wake_all(s, &sem->wq);
	sim_sched_point(s, "unlock", sem->name);
}

/*
 * The writer becomes a reader without letting go: no other writer can come in between,
 * and the readers waiting may now go (unless a writer waits: writer preference).
 */
void sim_downgrade_write(struct sim *s, struct sim_rwsem *sem)
{
	if (sem->writer != s->current) {
		sim_violation(s, "lock-owner", "%s downgrades %s, which it does not hold for write",
			      s->current ? sim_task_name(s->current) : "host",
			      sim_str(s, sem->name));
		return;
	}
	cxlsim__lockdep_downgrade(sem->writer, &sem->dep);
	sem->writer = NULL;
	sem->readers++;
	sim_touch(s, sem->name, true);
	sim_waitq_wake_all(s, &sem->wq);
	sim_sched_point(s, "downgrade", sem->name);
}

bool sim_rwsem_is_locked(const struct sim_rwsem *sem)
{
	return sem->writer || sem->readers;
}

bool sim_rwsem_is_write_locked(const struct sim_rwsem *sem)
{
	return sem->writer != NULL;
}

/* ---- completion ---- */

void sim_completion_init(struct sim *s, struct sim_completion *c, const char *name)
{
	c->done = 0;
	sim_waitq_init(s, &c->wq, name);
}

void sim_wait_for_completion(struct sim *s, struct sim_completion *c)
{
	sim_touch(s, c->wq.key, true);
	while (!c->done)
		waitq_sleep(s, &c->wq, "completion", c->wq.name);
	if (c->done != ~0u)
		c->done--;
}

void sim_complete(struct sim *s, struct sim_completion *c)
{
	if (c->done != ~0u)
		c->done++;
	sim_waitq_wake_one(s, &c->wq);
}

void sim_complete_all(struct sim *s, struct sim_completion *c)
{
	c->done = ~0u;
	sim_waitq_wake_all(s, &c->wq);
}

bool sim_completion_done(const struct sim_completion *c)
{
	return c->done != 0;
}

void sim_reinit_completion(struct sim_completion *c)
{
	c->done = 0;
}

/* ---- a count waited on to reach zero ---- */

void sim_busy_init(struct sim *s, struct sim_busy *b, const char *name, const char *count_name)
{
	b->count = 0;
	sim_waitq_init(s, &b->idle, name);
	/* Without footprints nobody reads it: the wait queue's key will do. */
	b->count_key = sim_footprints(s) ? sim_intern(s, count_name) : b->idle.key;
}

void sim_busy_inc(struct sim *s, struct sim_busy *b)
{
	sim_touch(s, b->count_key, true);
	if (!b->count++)
		sim_touch(s, b->idle.key, true);	/* idle to busy */
}

void sim_busy_dec(struct sim *s, struct sim_busy *b)
{
	sim_touch(s, b->count_key, true);
	if (!--b->count)
		sim_waitq_wake_all(s, &b->idle);	/* busy to idle: writes its key */
}

void sim_busy_wait_idle(struct sim *s, struct sim_busy *b)
{
	sim_wait_event(s, &b->idle, !b->count);
}
