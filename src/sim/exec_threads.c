// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The thread executor: the same tasks on real threads (libuv), for stress
 * runs and ThreadSanitizer.  docs/executor.md says what it is good for.
 *
 * The runtime and the model were written for one task at a time, and they
 * stay that way: every task thread must hold the simulation lock ("big
 * lock") to run.  At each scheduling point the holder releases it, yields
 * the CPU, and competes for it again with every other runnable task, so the
 * OS, not a strategy, decides who runs next.  Nothing is recorded: a run
 * cannot be replayed, and two runs of one seed may differ.  The races the
 * model can have happen for real, but only at scheduling points (code between
 * two points is never concurrent with other model code) and only as often as
 * the OS happens to hand the lock over, which is rarely.
 *
 * - A blocked task waits on its own condition variable under the big lock;
 *   sim_wake() (always called by the lock holder) signals it, so no wake-up
 *   is lost.
 * - The host thread (the one in sim_run()) sleeps until no task is active
 *   (each one blocked or finished).  Then, as the coroutine scheduler does,
 *   it advances virtual time to the next timer, or ends the run and reports
 *   a deadlock if some task is still blocked.
 * - sim_stop() (step bound, lock cycle, a property) makes each task give up
 *   at its next scheduling point, and the run's end makes each still-blocked
 *   task give up: its thread longjmp()s back to its entry and exits, the
 *   frames in between abandoned as the coroutine executor abandons a stack.
 *   The task stays BLOCKED ("stopped"), as there.
 * - The strategy still answers sim_choose() (fault and data choices).
 * - The coroutine code is never used on this path (TSan sees plain threads).
 */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdlib.h>

#include <uv.h>

#include "sim_internal.h"

#define THR_STACK (1024 * 1024)

struct sim_thr {
	uv_mutex_t big;		/* the simulation lock */
	uv_cond_t host_cv;	/* the host waits here for nr_active == 0 */
	unsigned int nr_active; /* tasks neither blocked nor finished */
	bool ending;		/* the run is over: blocked tasks leave */
	struct sim_task *last;	/* last holder of the lock, to count switches */
	size_t stack_size;
};

struct sim_task_thr {
	uv_thread_t tid;
	uv_cond_t cv;  /* a blocked task waits here */
	jmp_buf leave; /* back to the thread's entry */
	bool started;  /* the thread exists and must be joined */
	bool active;   /* counted in nr_active */
	bool gone;     /* left or finished: a wake-up is ignored */
};

static void activate(struct sim_thr *x, struct sim_task *t)
{
	t->rt->thr->active = true;
	x->nr_active++;
}

static void deactivate(struct sim_thr *x, struct sim_task *t)
{
	if (!t->rt->thr->active)
		return;
	t->rt->thr->active = false;
	if (!--x->nr_active)
		uv_cond_signal(&x->host_cv);
}

/* The calling thread holds the big lock now: @t is the running task. */
static void acquired(struct sim *s, struct sim_task *t)
{
	if (s->thr->last != t)
		s->switches++;
	s->thr->last = t;
	s->current = t;
	t->state = SIM_TASK_RUNNING;
}

/* Give up the run: back to the thread's entry, which releases the lock. */
static _Noreturn void leave(struct sim *s, struct sim_task *t)
{
	deactivate(s->thr, t);
	t->state = SIM_TASK_BLOCKED;
	t->rt->wait_reason = "stopped";
	longjmp(t->rt->thr->leave, 1);
}

static void task_thread(void *arg)
{
	struct sim_task *t = arg;
	struct sim *s = task_block_of(t)->sim;
	struct sim_thr *x = s->thr;

	cxlsim__sim_set_current(s);
	uv_mutex_lock(&x->big);
	if (!setjmp(t->rt->thr->leave)) {
		acquired(s, t);
		if (s->stopped)
			leave(s, t);
		t->rt->fn(t->rt->arg);
		t->state = SIM_TASK_DONE;
		sim_trace(s, "exit", t->name_id, 0, 0);
		cxlsim__task_exit_wake(s, t);
		cxlsim__sched_tick(s);
		deactivate(x, t);
	}
	t->rt->thr->gone = true;
	s->current = NULL;
	uv_mutex_unlock(&x->big);
	cxlsim__sim_set_current(NULL);
}

/* Called with the big lock held (or by the host before any task runs). */
static void start_task(struct sim *s, struct sim_task *t)
{
	struct sim_thr *x = s->thr;
	uv_thread_options_t o = { .flags = UV_THREAD_HAS_STACK_SIZE, .stack_size = x->stack_size };

	t->rt->thr = calloc(1, sizeof(*t->rt->thr));
	if (!t->rt->thr || uv_cond_init(&t->rt->thr->cv)) {
		free(t->rt->thr);
		t->rt->thr = NULL;
		goto fail;
	}
	activate(x, t);
	if (!uv_thread_create_ex(&t->rt->thr->tid, &o, task_thread, t)) {
		t->rt->thr->started = true;
		return;
	}
	deactivate(x, t);
	t->rt->thr->gone = true;
fail:
	sim_violation(s, "no-leak", "no thread for task %s", sim_task_name(t));
	sim_stop(s);
}

void cxlsim__thr_spawn(struct sim *s, struct sim_task *t)
{
	/* Before the run, sim_run() starts the thread. */
	if (s->thr)
		start_task(s, t);
}

void cxlsim__thr_sched_point(struct sim *s)
{
	struct sim_task *cur = s->current;
	struct sim_thr *x = s->thr;

	if (s->stopped)
		leave(s, cur);
	cur->state = SIM_TASK_RUNNABLE;
	s->current = NULL;
	uv_mutex_unlock(&x->big);
	/* A chance for a thread waiting for the lock to get it first. */
	sched_yield();
	uv_mutex_lock(&x->big);
	acquired(s, cur);
	if (s->stopped)
		leave(s, cur);
}

void cxlsim__thr_block(struct sim *s)
{
	struct sim_task *cur = s->current;
	struct sim_thr *x = s->thr;

	if (s->stopped)
		leave(s, cur);
	deactivate(x, cur);
	s->current = NULL;
	while (cur->state == SIM_TASK_BLOCKED && !s->stopped && !x->ending)
		uv_cond_wait(&cur->rt->thr->cv, &x->big);
	if (s->stopped || x->ending)
		leave(s, cur);
	acquired(s, cur);
}

void cxlsim__thr_wake(struct sim *s, struct sim_task *t)
{
	if (!t->rt->thr || t->rt->thr->gone) {
		t->state = SIM_TASK_BLOCKED;
		return;
	}
	activate(s->thr, t);
	uv_cond_signal(&t->rt->thr->cv);
}

int cxlsim__thr_run(struct sim *s)
{
	struct sim *saved = sim_current();
	struct sim_thr x = { 0 };
	size_t i, n;

	if (s->running)
		return -EBUSY;
	if (uv_mutex_init(&x.big))
		return -ENOMEM;
	if (uv_cond_init(&x.host_cv)) {
		uv_mutex_destroy(&x.big);
		return -ENOMEM;
	}
	x.stack_size = s->opts.stack_size > THR_STACK ? s->opts.stack_size : THR_STACK;
	s->running = true;
	s->thr = &x;
	cxlsim__sim_set_current(s);

	uv_mutex_lock(&x.big);
	for (i = 0; i < s->nr_tasks; i++)
		if (cxlsim__task_at(s, i)->state == SIM_TASK_NEW && !cxlsim__task_at(s, i)->rt->thr)
			start_task(s, cxlsim__task_at(s, i));
	for (;;) {
		while (x.nr_active)
			uv_cond_wait(&x.host_cv, &x.big);
		if (s->stopped || !cxlsim__sched_idle(s))
			break;
	}
	/*
	 * No task is active and none can become so: the set of threads is
	 * final.  Let the blocked ones leave, then join them all.
	 */
	x.ending = true;
	n = s->nr_tasks;
	for (i = 0; i < n; i++) {
		struct sim_task *t = cxlsim__task_at(s, i);

		if (t->rt->thr && t->state == SIM_TASK_BLOCKED)
			uv_cond_signal(&t->rt->thr->cv);
	}
	uv_mutex_unlock(&x.big);
	for (i = 0; i < n; i++) {
		struct sim_task *t = cxlsim__task_at(s, i);

		if (!t->rt->thr)
			continue;
		if (t->rt->thr->started)
			uv_thread_join(&t->rt->thr->tid);
		uv_cond_destroy(&t->rt->thr->cv);
		free(t->rt->thr);
		t->rt->thr = NULL;
	}
	uv_cond_destroy(&x.host_cv);
	uv_mutex_destroy(&x.big);
	s->thr = NULL;
	s->current = NULL;
	s->running = false;
	cxlsim__sim_set_current(saved);
	return 0;
}
