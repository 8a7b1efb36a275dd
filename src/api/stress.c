// SPDX-License-Identifier: LGPL-2.1-or-later
/* Stress runs on the thread executor (api/stress.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <uv.h>

#include "api/ctx.h"
#include "api/stress.h"

struct stress {
	const struct cxlsim__stress_opts *o;
	struct cxlsim__stress_result *r;
	uv_mutex_t lock; /* everything below, and *r */
	uint64_t next;	 /* next iteration to hand out */
	bool stop;
	int err;
};

struct machine {
	struct stress *st;
	struct cxlsim__engine e;
	uv_thread_t tid;
	bool started;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct cxlsim__stress_count *count_of(struct cxlsim__stress_result *r, const char *prop)
{
	struct cxlsim__stress_count *c;
	size_t i;

	for (i = 0; i < r->nr_counts; i++)
		if (!strcmp(r->counts[i].property, prop))
			return &r->counts[i];
	c = realloc(r->counts, (r->nr_counts + 1) * sizeof(*c));
	if (!c)
		return NULL;
	r->counts = c;
	c = &r->counts[r->nr_counts];
	memset(c, 0, sizeof(*c));
	c->property = strdup(prop);
	if (!c->property)
		return NULL;
	r->nr_counts++;
	return c;
}

/* Fold one finished run into the result; called with st->lock held. */
static void tally(struct stress *st, struct cxlsim_ctx *ctx)
{
	struct cxlsim__stress_result *r = st->r;
	struct sim *s = cxlsim__ctx_sim(ctx);
	size_t i, n = cxlsim_ctx_violation_count(ctx);

	r->iterations++;
	r->violating += n != 0;
	r->steps += sim_steps(s);
	r->switches += sim_switches(s);
	for (i = 0; i < n; i++) {
		const char *prop, *msg;
		struct cxlsim__stress_count *c;
		size_t j;
		bool again = false;

		cxlsim_ctx_violation(ctx, i, &prop, &msg);
		/* Count iterations, not reports: one run may report a property twice. */
		for (j = 0; j < i; j++) {
			const char *p;

			cxlsim_ctx_violation(ctx, j, &p, NULL);
			again |= !strcmp(p, prop);
		}
		if (again)
			continue;
		c = count_of(r, prop);
		if (!c) {
			st->err = -ENOMEM;
			st->stop = true;
			return;
		}
		if (!c->iterations++)
			c->first_msg = strdup(msg);
		if (st->o->stop_on && !strcmp(st->o->stop_on, prop) && !r->stop_after) {
			r->stop_after = r->iterations;
			st->stop = true;
		}
	}
}

static void machine_main(void *arg)
{
	struct machine *m = arg;
	struct stress *st = m->st;

	for (;;) {
		uint64_t i;
		int ret;

		uv_mutex_lock(&st->lock);
		if (st->stop || st->next >= st->o->iterations) {
			uv_mutex_unlock(&st->lock);
			return;
		}
		i = st->next++;
		uv_mutex_unlock(&st->lock);

		ret = cxlsim_ctx_set_random(m->e.ctx, st->o->seed + i);
		if (!ret)
			ret = cxlsim__engine_run(&m->e);
		uv_mutex_lock(&st->lock);
		if (ret) {
			st->err = ret;
			st->stop = true;
		} else if (!st->stop || !st->o->stop_on) {
			tally(st, m->e.ctx);
			if (st->o->progress)
				st->o->progress(st->o->progress_arg, st->r->iterations,
						st->r->violating);
		}
		uv_mutex_unlock(&st->lock);
	}
}

static void machines_free(struct machine *ms, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct cxlsim_ctx *ctx = ms[i].e.ctx;

		cxlsim__engine_release(&ms[i].e);
		cxlsim_ctx_free(ctx);
	}
	free(ms);
}

int cxlsim__stress(const struct cxlsim__stress_opts *o, struct cxlsim__stress_result *r, char *err,
		   size_t errlen)
{
	struct cxlsim_opts copts = { .size = sizeof(copts),
				     .max_steps = o->max_steps,
				     .executor = CXLSIM_EXECUTOR_THREADS };
	struct stress st = { .o = o, .r = r };
	unsigned int nm = o->machines ? o->machines : 1, i;
	const char *const *p;
	struct machine *ms;
	double t0;
	int ret = 0;

	memset(r, 0, sizeof(*r));
	if (err && errlen)
		err[0] = '\0';
	/* The model's properties first, in its order, even when never violated. */
	for (p = o->model->properties; *p; p++)
		if (!count_of(r, *p))
			return -ENOMEM;
	ms = calloc(nm, sizeof(*ms));
	if (!ms)
		return -ENOMEM;
	for (i = 0; i < nm; i++) {
		struct cxlsim_ctx *ctx;

		ms[i].st = &st;
		ret = cxlsim_ctx_new(&ctx, &copts);
		if (ret)
			goto out;
		ret = cxlsim__engine_init(&ms[i].e, ctx, o->model, &o->mopts, err, errlen);
		if (ret) {
			cxlsim_ctx_free(ctx);
			memset(&ms[i].e, 0, sizeof(ms[i].e));
			goto out;
		}
	}
	if (uv_mutex_init(&st.lock)) {
		ret = -ENOMEM;
		goto out;
	}
	t0 = now_s();
	for (i = 0; i < nm; i++) {
		ret = uv_thread_create(&ms[i].tid, machine_main, &ms[i]);
		if (ret)
			break;
		ms[i].started = true;
	}
	if (ret) {
		uv_mutex_lock(&st.lock);
		st.stop = true;
		uv_mutex_unlock(&st.lock);
	}
	for (i = 0; i < nm; i++)
		if (ms[i].started)
			uv_thread_join(&ms[i].tid);
	r->seconds = now_s() - t0;
	uv_mutex_destroy(&st.lock);
	if (!ret)
		ret = st.err;
out:
	machines_free(ms, nm);
	return ret;
}

void cxlsim__stress_result_free(struct cxlsim__stress_result *r)
{
	size_t i;

	for (i = 0; i < r->nr_counts; i++) {
		free(r->counts[i].property);
		free(r->counts[i].first_msg);
	}
	free(r->counts);
	memset(r, 0, sizeof(*r));
}
