/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Running a built-in model (the CXL subsystem, the demo bus) from a program,
 * one schedule at a time, as `cxlsim run` and `cxlsim explore` do.
 *
 * A model is bound to a context: every cxlsim_model_run() resets the
 * machine, boots it under the context's strategy (cxlsim_ctx_set_random(),
 * cxlsim_ctx_set_replay()), runs the workload, and checks the model's
 * properties and then those registered with cxlsim_property_register().  A
 * property check reads the end state through the queries of
 * <cxlsim/bus.h> (cxlsim_bus_find(ctx, "cxl"), ...) and the trace
 * (cxlsim_ctx_trace_event()).
 */
#ifndef CXLSIM_MODEL_H
#define CXLSIM_MODEL_H

#include <stddef.h>

#include <cxlsim/common.h>
#include <cxlsim/ctx.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cxlsim_model;

/**
 * struct cxlsim_model_opts - what to run; NULL strings take the defaults
 * @size: sizeof(struct cxlsim_model_opts)
 * @model: "cxl" (default) or "demo"
 * @topology: a built-in topology, "gen:N" (N memdevs) or a JSON file (cxl):
 *	"default" (the default: cxl_test's mock), "minimal" (one memdev),
 *	"accel" (Type-2 accelerators); `cxlsim run --help` describes each
 * @kernel: a kernel variant: "base" (default), "series", "base+PATCH,..." (cxl)
 * @workload: (cxl) "boot" (default), "boot+teardown", "accel",
 *	"accel+teardown" or "shell" (replays `cxlsim shell`); `cxlsim run
 *	--help` describes each.  tests/tool/names_test.c checks that these
 *	lists name every entry of the tables the model reads
 * @builtin: modules built in (=y): "all", or a comma list such as
 *	"cxl_core,cxl_port"; NULL or "none" for none (cxl).  Their inits run at
 *	boot by initcall level and link order; the rest load as modules
 * @link_order: "makefile" (default) or "any": built-in inits of one
 *	initcall level in every order the strategy picks (cxl)
 *
 * Fields are only ever appended: a caller built against an older header
 * passes a smaller @size and gets the defaults for the fields after it.
 */
struct cxlsim_model_opts {
	size_t size;
	const char *model;
	const char *topology;
	const char *kernel;
	const char *workload;
	const char *builtin;
	const char *link_order;
};

/**
 * cxlsim_model_new() - bind a model to @ctx
 * @out: receives the model; free it with cxlsim_model_free() before @ctx
 * @err: receives "problem" or "file:line: problem" on -EINVAL; may be NULL
 *
 * Context: outside a run.  A context has one model at a time; while it is
 * bound, cxlsim_ctx_run() is not for plain runs.
 * Return: 0, -EINVAL for bad options (unknown model, variant, workload, a bad
 * topology file), -EBUSY when @ctx has a model already, -ENOMEM.
 */
CXLSIM_API int cxlsim_model_new(struct cxlsim_model **out, struct cxlsim_ctx *ctx,
				const struct cxlsim_model_opts *opts, char *err, size_t errlen);

/**
 * cxlsim_model_run() - run one schedule of the model with its context's strategy
 *
 * Return: 0 when the run completed (its violations, schedule and trace are
 * the context's), -EBUSY from inside a run, -ENOMEM.
 */
CXLSIM_API int cxlsim_model_run(struct cxlsim_model *model);

/** cxlsim_model_free() - unbind the model from its context and free it; NULL is ignored. */
CXLSIM_API void cxlsim_model_free(struct cxlsim_model *model);

#ifdef __cplusplus
}
#endif

#endif /* CXLSIM_MODEL_H */
