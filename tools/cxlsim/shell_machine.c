// SPDX-License-Identifier: LGPL-2.1-or-later
/* The shell's machine: its thread, and the strategy that asks the prompt. */
#include <errno.h>
#include <string.h>

#include "api/ctx.h"
#include "cxlsim.h"
#include "shell.h"

struct cxl_shell *shell_sh(struct shell_machine *m)
{
	return cxl_shell_of(m->s);
}

/* Is the choice @c, made by task @task, the one "sh" makes for its next command? */
static enum cxl_sh_ask sh_asks(struct shell_machine *m, const struct sim_choice *c,
			       uint32_t task)
{
	struct cxl_shell *sh = shell_sh(m);

	if (!sh || c->kind != SIM_CHOICE_DATA || !task || task != sh->task)
		return CXL_SH_ASK_NONE;
	return sh->asking;
}

static long sh_index(struct shell_machine *m, const struct sim_choice *c)
{
	struct cxl_shell *sh = shell_sh(m);
	unsigned int i;

	for (i = 0; sh && c->cand && i < c->n; i++)
		if (sim_task_id(c->cand[i]) == sh->task)
			return i;
	return -1;
}

/* The scheduler's own pick: the first candidate that is not "sh", or a seeded one. */
static unsigned int default_pick(struct shell_machine *m, const struct sim_choice *c)
{
	long sh = sh_index(m, c);
	unsigned int i, n = c->n - (sh >= 0);

	if (m->seeded)
		i = (unsigned int)sim_rng_below(&m->rng, n);
	else
		i = 0;
	return sh >= 0 && i >= (unsigned int)sh ? i + 1 : i;
}

/* A step the defaults may take: `step` allowed it, or `run` is on. */
static bool may_step(struct shell_machine *m)
{
	if (!m->run && !m->steps)
		return false;
	if (!m->run)
		m->steps--;
	m->taken++;
	return true;
}

/* An answer, or -1 when the prompt must decide. */
static long auto_pick(struct shell_machine *m, struct sim *s, const struct sim_choice *c,
		      uint32_t task)
{
	enum cxl_sh_ask ask = sh_asks(m, c, task);
	uint64_t when;
	long i;

	if (m->quit)
		return ask == CXL_SH_ASK_OP ? CXL_SH_QUIT : 0;
	if (ask == CXL_SH_ASK_OP) {
		if (m->cmd_set) {
			m->cmd_set = false;
			return m->cmd_op;
		}
		if (cxl_sh_others_runnable(s, task))
			return CXL_SH_WAIT;
		/* Nothing can run: time passes to the next timer, when allowed. */
		if (sim_next_timer(s, &when) && may_step(m))
			return CXL_SH_WAIT;
		return -1;
	}
	if (ask != CXL_SH_ASK_NONE)
		return m->cmd_arg[ask] < c->n ? m->cmd_arg[ask] : 0;
	if (c->kind != SIM_CHOICE_SCHED)
		return m->seeded && c->kind == SIM_CHOICE_DATA ?
			       (long)sim_rng_below(&m->rng, c->n) : 0;
	if (m->cmd_set) {
		i = sh_index(m, c);
		if (i >= 0)
			return i;
	}
	if (m->chosen >= 0) {
		i = m->chosen < (long)c->n ? m->chosen : 0;
		m->chosen = -1;
		m->taken++;
		return i;
	}
	return may_step(m) ? (long)default_pick(m, c) : -1;
}

static unsigned int shell_choose(struct sim_strategy *st, struct sim *s,
				 const struct sim_choice *c)
{
	struct shell_machine *m = container_of(st, struct shell_machine, strategy);
	struct sim_task *cur = sim_current_task();
	uint32_t task = cur ? sim_task_id(cur) : 0;
	long pick;

	while ((pick = auto_pick(m, s, c, task)) < 0) {
		pthread_mutex_lock(&m->mu);
		m->pending = c;
		m->pending_task = task;
		m->machine_turn = false;
		pthread_cond_broadcast(&m->cv);
		while (!m->machine_turn)
			pthread_cond_wait(&m->cv, &m->mu);
		m->pending = NULL;
		pthread_mutex_unlock(&m->mu);
	}
	return (unsigned int)pick;
}

static const struct sim_strategy_ops shell_ops = {
	.name = "shell",
	.choose = shell_choose,
};

static void *machine_main(void *arg)
{
	struct shell_machine *m = arg;
	int ret;

	pthread_mutex_lock(&m->mu);
	while (!m->machine_turn)
		pthread_cond_wait(&m->cv, &m->mu);
	pthread_mutex_unlock(&m->mu);
	ret = cxlsim__engine_run(&m->e);
	pthread_mutex_lock(&m->mu);
	m->run_ret = ret;
	m->finished = true;
	m->machine_turn = false;
	pthread_cond_broadcast(&m->cv);
	pthread_mutex_unlock(&m->mu);
	return NULL;
}

int shell_machine_start(struct shell_machine *m)
{
	m->s = cxlsim__ctx_sim(m->e.ctx);
	m->strategy.ops = &shell_ops;
	m->chosen = -1;
	cxlsim__ctx_set_strategy(m->e.ctx, &m->strategy);
	pthread_mutex_init(&m->mu, NULL);
	pthread_cond_init(&m->cv, NULL);
	if (pthread_create(&m->thread, NULL, machine_main, m))
		return -EAGAIN;
	m->started = true;
	/* This thread reads the paused machine: model code looks it up as the current one. */
	sim_set_current(m->s);
	shell_machine_resume(m);
	return 0;
}

void shell_machine_resume(struct shell_machine *m)
{
	pthread_mutex_lock(&m->mu);
	if (!m->finished) {
		m->machine_turn = true;
		pthread_cond_broadcast(&m->cv);
		while (m->machine_turn)
			pthread_cond_wait(&m->cv, &m->mu);
	}
	pthread_mutex_unlock(&m->mu);
}

void shell_machine_stop(struct shell_machine *m)
{
	if (!m->started)
		return;
	m->quit = true;
	shell_machine_resume(m);
	pthread_join(m->thread, NULL);
	pthread_mutex_destroy(&m->mu);
	pthread_cond_destroy(&m->cv);
	m->started = false;
	sim_set_current(NULL);
}

bool shell_machine_idle(struct shell_machine *m)
{
	return !m->finished && m->pending &&
	       sh_asks(m, m->pending, m->pending_task) == CXL_SH_ASK_OP &&
	       !cxl_sh_others_runnable(m->s, m->pending_task);
}

uint32_t shell_candidate(struct shell_machine *m, unsigned int i)
{
	const struct sim_choice *c = m->pending;

	if (!c || c->kind != SIM_CHOICE_SCHED || i >= c->n || !c->cand)
		return 0;
	return sim_task_id(c->cand[i]);
}
