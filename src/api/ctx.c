// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/bus_internal.h"
#include "api/ctx.h"

/* The context whose property checks run on this thread (see cxlsim__query_sim()). */
static _Thread_local struct cxlsim_ctx *checking;

struct sim *cxlsim__query_sim(void)
{
	struct sim *s = sim_current();

	return s ? s : checking ? checking->sim : NULL;
}

struct sim *cxlsim__ctx_sim(struct cxlsim_ctx *ctx)
{
	return ctx->sim;
}

CXLSIM_API int cxlsim_ctx_new(struct cxlsim_ctx **out, const struct cxlsim_opts *opts)
{
	struct sim_opts so = { 0 };
	struct cxlsim_ctx *ctx;
	int ret;

	if (opts) {
		if (opts->size < offsetof(struct cxlsim_opts, faults) + sizeof(opts->faults))
			return -EINVAL;
		so.max_steps = opts->max_steps;
		so.faults = (opts->faults & CXLSIM_FAULT_ALLOC ? SIM_FAULT_ALLOC : 0) |
			    (opts->faults & CXLSIM_FAULT_PROBE ? SIM_FAULT_PROBE : 0) |
			    (opts->faults & CXLSIM_FAULT_DEFER ? SIM_FAULT_DEFER : 0);
		if (opts->size >= offsetof(struct cxlsim_opts, executor) + sizeof(opts->executor)) {
			if (opts->executor > CXLSIM_EXECUTOR_THREADS)
				return -EINVAL;
			if (opts->executor == CXLSIM_EXECUTOR_THREADS)
				so.executor = SIM_EXEC_THREADS;
		}
	}
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ret = sim_new(&ctx->sim, &so);
	if (ret) {
		free(ctx);
		return ret;
	}
	sim_set_layer(ctx->sim, SIM_LAYER_API, ctx);
	INIT_LIST_HEAD(&ctx->api_objects);
	ctx->strategy = sim_strategy_random(0);
	if (!ctx->strategy) {
		cxlsim_ctx_free(ctx);
		return -ENOMEM;
	}
	sim_set_strategy(ctx->sim, ctx->strategy);
	*out = ctx;
	return 0;
}

CXLSIM_API void cxlsim_ctx_free(struct cxlsim_ctx *ctx)
{
	size_t i;

	if (!ctx)
		return;
	sim_destroy(ctx->sim);
	sim_strategy_destroy(ctx->strategy);
	for (i = 0; i < ctx->nr_props; i++)
		free(ctx->props[i].name);
	free(ctx->props);
	cxlsim__modules_free(ctx);
	free(ctx);
}

void cxlsim__ctx_set_strategy(struct cxlsim_ctx *ctx, struct sim_strategy *st)
{
	sim_strategy_destroy(ctx->strategy);
	ctx->strategy = st;
	sim_set_strategy(ctx->sim, st);
}

CXLSIM_API int cxlsim_ctx_set_random(struct cxlsim_ctx *ctx, uint64_t seed)
{
	struct sim_strategy *st = sim_strategy_random(seed);

	if (!st)
		return -ENOMEM;
	cxlsim__ctx_set_strategy(ctx, st);
	return 0;
}

CXLSIM_API int cxlsim_ctx_set_replay(struct cxlsim_ctx *ctx, const char *schedule)
{
	struct sim_strategy *st;
	int ret = sim_strategy_replay(&st, schedule);

	if (ret)
		return ret;
	cxlsim__ctx_set_strategy(ctx, st);
	return 0;
}

static void check_properties(struct cxlsim_ctx *ctx)
{
	struct cxlsim_ctx *saved = checking;
	size_t i;

	/* A check may read the end state through the public queries. */
	checking = ctx;
	for (i = 0; i < ctx->nr_props; i++)
		ctx->props[i].check(ctx, ctx->props[i].priv);
	checking = saved;
}

int cxlsim__ctx_run_sim(struct cxlsim_ctx *ctx, sim_task_fn boot, void *arg)
{
	int ret;

	if (sim_current() == ctx->sim)
		return -EBUSY;
	sim_reset(ctx->sim);
	/* The last run's objects went with the reset. */
	INIT_LIST_HEAD(&ctx->api_objects);
	if (ctx->setup) {
		ret = ctx->setup(ctx->sim, ctx->setup_priv);
		if (ret)
			return ret;
	}
	if (!sim_spawn(ctx->sim, "boot", boot, arg))
		return -ENOMEM;
	ret = sim_run(ctx->sim);
	if (ret)
		return ret;
	if (ctx->check)
		ctx->check(ctx->sim, ctx->setup_priv);
	cxlsim__origin_check_leaks(ctx);
	check_properties(ctx);
	return 0;
}

struct public_task {
	struct cxlsim_ctx *ctx;
	cxlsim_task_fn fn;
	void *arg;
};

static void public_task_entry(void *p)
{
	struct public_task t = *(struct public_task *)p;

	sim_scratch_free(t.ctx->sim, p);
	/* User code: nothing is known of what it touches. */
	sim_ambient_push(t.ctx->sim, SIM_TOUCH_ALL);
	t.fn(t.ctx, t.arg);
	sim_ambient_pop(t.ctx->sim);
}

static int spawn_public(struct cxlsim_ctx *ctx, const char *name, cxlsim_task_fn fn, void *arg)
{
	struct public_task *t = sim_scratch_alloc(ctx->sim, sizeof(*t));

	if (!t)
		return -ENOMEM;
	*t = (struct public_task){ ctx, fn, arg };
	if (!sim_spawn(ctx->sim, name, public_task_entry, t)) {
		sim_scratch_free(ctx->sim, t);
		return -ENOMEM;
	}
	return 0;
}

struct public_boot {
	struct cxlsim_ctx *ctx;
	cxlsim_task_fn fn;
	void *arg;
};

static void public_boot_entry(void *p)
{
	struct public_boot *b = p;

	sim_ambient_push(b->ctx->sim, SIM_TOUCH_ALL);
	b->fn(b->ctx, b->arg);
	sim_ambient_pop(b->ctx->sim);
}

CXLSIM_API int cxlsim_ctx_run(struct cxlsim_ctx *ctx, cxlsim_task_fn boot, void *arg)
{
	/* On this stack: the run is over before the call returns. */
	struct public_boot b = { ctx, boot, arg };
	int ret;

	if (!boot)
		return -EINVAL;
	if (ctx->setup)
		/* A model is bound (cxlsim_model_new()): it sets the run up. */
		return cxlsim__ctx_run_sim(ctx, public_boot_entry, &b);
	ctx->setup = cxlsim__bus_setup;
	ctx->setup_priv = ctx;
	ret = cxlsim__ctx_run_sim(ctx, public_boot_entry, &b);
	ctx->setup = NULL;
	ctx->setup_priv = NULL;
	return ret;
}

CXLSIM_API int cxlsim_task_spawn(struct cxlsim_ctx *ctx, const char *name, cxlsim_task_fn fn,
				 void *arg)
{
	if (sim_current() != ctx->sim || !fn)
		return sim_current() != ctx->sim ? -EPERM : -EINVAL;
	return spawn_public(ctx, name ? name : "task", fn, arg);
}

CXLSIM_API void cxlsim_yield(struct cxlsim_ctx *ctx, const char *what)
{
	if (sim_current() != ctx->sim || !sim_current_task())
		return;
	sim_sched_point(ctx->sim, "yield", sim_intern(ctx->sim, what ? what : ""));
}

CXLSIM_API struct cxlsim_ctx *cxlsim_ctx_current(void)
{
	struct sim *s = sim_current();

	return s ? sim_layer(s, SIM_LAYER_API) : NULL;
}

CXLSIM_API int cxlsim_property_register(struct cxlsim_ctx *ctx, const char *name,
					cxlsim_property_fn check, void *priv)
{
	struct cxlsim__property *n;
	size_t i;

	if (!name || !check)
		return -EINVAL;
	for (i = 0; i < ctx->nr_props; i++)
		if (!strcmp(ctx->props[i].name, name))
			return -EEXIST;
	n = realloc(ctx->props, (ctx->nr_props + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	ctx->props = n;
	n[ctx->nr_props].name = strdup(name);
	if (!n[ctx->nr_props].name)
		return -ENOMEM;
	n[ctx->nr_props].check = check;
	n[ctx->nr_props].priv = priv;
	ctx->nr_props++;
	return 0;
}

/* Violation property names must outlive the call: intern them. */
CXLSIM_API void cxlsim_report(struct cxlsim_ctx *ctx, const char *property, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sim_violation(ctx->sim, sim_str(ctx->sim, sim_intern(ctx->sim, property)), "%s", msg);
}

CXLSIM_API size_t cxlsim_ctx_violation_count(const struct cxlsim_ctx *ctx)
{
	return sim_violation_count(ctx->sim);
}

CXLSIM_API int cxlsim_ctx_violation(const struct cxlsim_ctx *ctx, size_t i, const char **property,
				    const char **message)
{
	const struct sim_violation *v = sim_violation_get(ctx->sim, i);

	if (!v)
		return -ERANGE;
	if (property)
		*property = v->property;
	if (message)
		*message = sim_str(ctx->sim, v->msg);
	return 0;
}

CXLSIM_API int cxlsim_ctx_schedule(const struct cxlsim_ctx *ctx, char **out)
{
	return sim_schedule_encode(sim_schedule_choices(ctx->sim), sim_schedule_len(ctx->sim), out);
}

CXLSIM_API size_t cxlsim_ctx_trace_count(const struct cxlsim_ctx *ctx)
{
	return sim_trace_len(ctx->sim);
}

CXLSIM_API int cxlsim_ctx_trace_line(const struct cxlsim_ctx *ctx, size_t i, char *buf,
				     size_t len)
{
	const struct sim_event *e = sim_trace_get(ctx->sim, i);

	if (!e)
		return -ERANGE;
	return sim_event_format(ctx->sim, e, buf, len);
}

CXLSIM_API int cxlsim_ctx_trace_event(const struct cxlsim_ctx *ctx, size_t i,
				      struct cxlsim_event *ev)
{
	const struct sim_event *e;
	struct sim_task *t;

	if (!ev || ev->size < offsetof(struct cxlsim_event, value) + sizeof(ev->value))
		return -EINVAL;
	e = sim_trace_get(ctx->sim, i);
	if (!e)
		return -ERANGE;
	t = e->task ? sim_task_at(ctx->sim, e->task - 1) : NULL;
	ev->time_ns = e->time_ns;
	ev->task = t ? sim_task_name(t) : "host";
	ev->name = e->ev;
	ev->object = sim_str(ctx->sim, e->obj);
	ev->detail = sim_str(ctx->sim, e->detail);
	ev->value = e->val;
	return 0;
}

int cxlsim__faults_parse(const char *list, unsigned int *mask, const char **bad,
			 size_t *bad_len)
{
	static const struct {
		const char *name;
		unsigned int bit;
	} kinds[] = {
		{ "alloc", CXLSIM_FAULT_ALLOC },
		{ "probe", CXLSIM_FAULT_PROBE },
		{ "defer", CXLSIM_FAULT_DEFER },
	};
	const char *p = list;
	size_t i;

	*mask = 0;
	while (*p) {
		size_t len = strcspn(p, ",");

		for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
			if (strlen(kinds[i].name) == len && !strncmp(kinds[i].name, p, len))
				break;
		if (i == sizeof(kinds) / sizeof(kinds[0])) {
			*bad = p;
			*bad_len = len;
			return -EINVAL;
		}
		*mask |= kinds[i].bit;
		p += len + (p[len] == ',');
	}
	return 0;
}
