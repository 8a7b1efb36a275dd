// SPDX-License-Identifier: LGPL-2.1-or-later
/* The public face of the engine (src/api/engine.c): one model bound to one context. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <cxlsim/model.h>

#include "api/ctx.h"
#include "api/model.h"

struct cxlsim_model {
	struct cxlsim__engine engine;
};

CXLSIM_API int cxlsim_model_new(struct cxlsim_model **out, struct cxlsim_ctx *ctx,
				const struct cxlsim_model_opts *opts, char *err, size_t errlen)
{
	struct cxlsim__model_opts mo = { 0 };
	const struct cxlsim__model *m;
	struct cxlsim_model *model;
	int ret;

	err = cxlsim__err_buf(err, &errlen);
	if (!out || !ctx ||
	    (opts &&
	     opts->size < offsetof(struct cxlsim_model_opts, workload) + sizeof(opts->workload)))
		return -EINVAL;
	if (ctx->setup || sim_current() == ctx->sim)
		return -EBUSY;
	m = cxlsim__model_find(opts && opts->model ? opts->model : "cxl");
	if (!m) {
		const char *why = cxlsim__model_absent_reason(opts->model);

		if (why)
			snprintf(err, errlen, "model '%s' is not built in: %s", opts->model, why);
		else
			snprintf(err, errlen, "unknown model '%s'", opts->model);
		return -EINVAL;
	}
	if (opts) {
		mo.topology = opts->topology;
		mo.kernel = opts->kernel;
		mo.workload = opts->workload;
		if (opts->size >= offsetof(struct cxlsim_model_opts, builtin) +
					  sizeof(opts->builtin))
			mo.builtin = opts->builtin;
		if (opts->size >= offsetof(struct cxlsim_model_opts, link_order) +
					  sizeof(opts->link_order))
			mo.link_order = opts->link_order;
	}
	model = calloc(1, sizeof(*model));
	if (!model)
		return -ENOMEM;
	ret = cxlsim__engine_init(&model->engine, ctx, m, &mo, err, errlen);
	if (ret) {
		free(model);
		return ret;
	}
	*out = model;
	return 0;
}

CXLSIM_API int cxlsim_model_run(struct cxlsim_model *model)
{
	if (!model)
		return -EINVAL;
	return cxlsim__engine_run(&model->engine);
}

CXLSIM_API void cxlsim_model_free(struct cxlsim_model *model)
{
	if (!model)
		return;
	cxlsim__engine_release(&model->engine);
	free(model);
}
