// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/ctx.h"
#include "api/model.h"
#include "bus/end_state.h"

extern const struct cxlsim__model cxlsim__demo_model;
extern const struct cxlsim__model cxlsim__cxl_model;
#ifdef CXLSIM_LINUX_MODEL
extern const struct cxlsim__model cxlsim__linux_model;
#endif

static const struct cxlsim__model *const models[] = {
	&cxlsim__cxl_model,
	&cxlsim__demo_model,
#ifdef CXLSIM_LINUX_MODEL
	&cxlsim__linux_model,
#endif
	NULL,
};

const struct cxlsim__model *const *cxlsim__models(void)
{
	return models;
}

const struct cxlsim__model *cxlsim__model_find(const char *name)
{
	size_t i;

	for (i = 0; models[i]; i++)
		if (!strcmp(models[i]->name, name))
			return models[i];
	return NULL;
}

/* The build says why it left --model linux out (cmake/linux.cmake); a default otherwise. */
#ifndef CXLSIM_LINUX_MODEL_ABSENT
#define CXLSIM_LINUX_MODEL_ABSENT                                                           \
	"this cxlsim was built without a kernel tree (install linux-source-6.12, or build "  \
	"with LINUX_SRC=/path/to/linux)"
#endif

const char *cxlsim__model_absent_reason(const char *name)
{
#ifndef CXLSIM_LINUX_MODEL
	if (name && !strcmp(name, "linux"))
		return CXLSIM_LINUX_MODEL_ABSENT;
#endif
	return NULL;
}

static int engine_setup(struct sim *s, void *p)
{
	struct cxlsim__engine *e = p;

	return e->model->setup ? e->model->setup(s, e->priv) : 0;
}

static void engine_check(struct sim *s, void *p)
{
	struct cxlsim__engine *e = p;

	if (e->model->check)
		e->model->check(s, e->priv);
}

int cxlsim__engine_init(struct cxlsim__engine *e, struct cxlsim_ctx *ctx,
			const struct cxlsim__model *m, const struct cxlsim__model_opts *o,
			char *err, size_t errlen)
{
	int ret;

	memset(e, 0, sizeof(*e));
	e->ctx = ctx;
	e->model = m;
	/* A model without options has no modules to build in either. */
	if (!m->prepare && (o->builtin || o->link_order)) {
		snprintf(err, errlen, "model '%s' takes no --builtin or --link-order", m->name);
		return -EINVAL;
	}
	if (m->prepare) {
		ret = m->prepare(&e->priv, o, err, errlen);
		if (ret)
			return ret;
	}
	ctx->setup = engine_setup;
	ctx->check = engine_check;
	ctx->setup_priv = e;
	return 0;
}

void cxlsim__engine_release(struct cxlsim__engine *e)
{
	if (e->model && e->model->release)
		e->model->release(e->priv);
	if (e->ctx) {
		e->ctx->setup = NULL;
		e->ctx->check = NULL;
		e->ctx->setup_priv = NULL;
	}
	memset(e, 0, sizeof(*e));
}

static void engine_boot(void *p)
{
	struct cxlsim__engine *e = p;
	struct sim *s = sim_current();

	/* The boot task runs model code throughout (see driver_code_enter()). */
	sim_ambient_push(s, sim_intern(s, "driver-code"));
	e->model->boot(e->priv);
	sim_ambient_pop(s);
}

int cxlsim__engine_run(struct cxlsim__engine *e)
{
	return cxlsim__ctx_run_sim(e->ctx, engine_boot, e);
}

int cxlsim__engine_end_state(struct cxlsim__engine *e, char **out)
{
	struct sim *s = cxlsim__ctx_sim(e->ctx);
	struct sim_strbuf sb = SIM_STRBUF_INIT;

	drv_core_write_state(s, &sb);
	if (e->model->state)
		e->model->state(s, e->priv, &sb);
	*out = sim_strbuf_detach(&sb);
	return *out ? 0 : -ENOMEM;
}
