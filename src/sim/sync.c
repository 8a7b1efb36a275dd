// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Sleeping primitives.  Everything sleeps on a wait queue; a woken task
 * always re-checks its condition, so wake-ups may be generous without
 * changing what the model means.
 */
#include <stdio.h>
#include <string.h>

#include "sim_internal.h"

void cxlsim__waitq_init_id(struct sim_waitq *wq, uint32_t name)
{
	INIT_LIST_HEAD(&wq->waiters);
	wq->name = name;
	wq->key = name;
}

void sim_waitq_init(struct sim *s, struct sim_waitq *wq, const char *name)
{
	cxlsim__waitq_init_id(wq, sim_intern(s, name));
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
	sim_trace(s, "wake", t->name_id, wq->name, (int32_t)t->id);
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

/* ---- mutex ---- */

void sim_mutex_init(struct sim *s, struct sim_mutex *m, const char *name)
{
	m->owner = NULL;
	m->name = sim_intern(s, name);
	cxlsim__waitq_init_id(&m->wq, m->name);
}

/* Would blocking on @m close a cycle of tasks each waiting for the next one's lock? */
static bool lock_cycle(struct sim *s, struct sim_mutex *m, char *buf, size_t len)
{
	struct sim_task *t = m->owner;
	size_t off = 0, hops = 0;
	int n;

	n = snprintf(buf, len, "%s wants %s", sim_task_name(s->current), sim_str(s, m->name));
	off = n > 0 ? (size_t)n : 0;
	while (t && hops++ <= s->nr_tasks) {
		if (t == s->current)
			return true;
		if (t->state != SIM_TASK_BLOCKED || !t->rt->wait_mutex)
			return false;
		if (off < len) {
			n = snprintf(buf + off, len - off, ", held by %s which wants %s",
				     sim_task_name(t), sim_str(s, t->rt->wait_mutex->name));
			off += n > 0 ? (size_t)n : 0;
		}
		t = t->rt->wait_mutex->owner;
	}
	return false;
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

void sim_mutex_lock(struct sim *s, struct sim_mutex *m)
{
	struct sim_task *cur = s->current;
	char chain[512];

	sim_sched_point(s, "lock", m->name);
	while (!lock_freed(s, m) && m->owner) {
		if (m->owner == cur) {
			sim_violation(s, "no-deadlock", "%s takes %s, which it already holds",
				      sim_task_name(cur), sim_str(s, m->name));
			sim_stop(s);
		} else if (lock_cycle(s, m, chain, sizeof(chain))) {
			sim_violation(s, "no-deadlock", "lock cycle: %s", chain);
			sim_stop(s);
		}
		cur->rt->wait_mutex = m;
		waitq_sleep(s, &m->wq, "mutex", m->name);
		cur->rt->wait_mutex = NULL;
	}
	if (sim_mem_freed(m, sizeof(*m)))
		return;
	m->owner = cur;
	sim_touch(s, m->name, true);
	sim_trace(s, "locked", m->name, 0, 0);
}

bool sim_mutex_trylock(struct sim *s, struct sim_mutex *m)
{
	sim_touch(s, m->name, true);
	if (m->owner)
		return false;
	m->owner = s->current;
	sim_trace(s, "locked", m->name, 0, 0);
	return true;
}

void sim_mutex_unlock(struct sim *s, struct sim_mutex *m)
{
	if (m->owner != s->current)
		sim_violation(s, "lock-owner", "%s releases %s it does not hold",
			      s->current ? sim_task_name(s->current) : "host", sim_str(s, m->name));
	m->owner = NULL;
	sim_touch(s, m->name, true);
	/* Every waiter races for the lock again: the strategy decides who wins. */
	sim_waitq_wake_all(s, &m->wq);
	sim_sched_point(s, "unlock", m->name);
}

bool sim_mutex_is_locked(const struct sim_mutex *m)
{
	return m->owner != NULL;
}

bool sim_mutex_held_by_current(const struct sim_mutex *m)
{
	return m->owner && m->owner == sim_current_task();
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
