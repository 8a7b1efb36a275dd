/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The public context's insides, for the API layer and the tool. */
#ifndef CXLSIM_API_CTX_H
#define CXLSIM_API_CTX_H

#include <cxlsim/ctx.h>

#include "sim/list.h"
#include "sim/sim.h"

struct cxlsim__property {
	char *name;
	cxlsim_property_fn check;
	void *priv;
};

/* Called after each reset, before the boot task starts (the layers' per-run set-up). */
typedef int (*cxlsim__setup_fn)(struct sim *s, void *priv);

struct cxlsim_ctx {
	struct sim *sim;
	struct sim_strategy *strategy;
	struct cxlsim__property *props;
	size_t nr_props;
	cxlsim__setup_fn setup;
	void (*check)(struct sim *s, void *priv);	/* the model's end-of-run checks */
	void *setup_priv;
	struct cxlsim__module **modules;	/* cxlsim_module_add(): "on disk" for every run */
	size_t nr_modules;
	/* struct cxlsim__origin: the public buses, devices, drivers this run made and keeps */
	struct list_head api_objects;
};

struct sim *cxlsim__ctx_sim(struct cxlsim_ctx *ctx);
/* Replace the strategy; the context takes ownership of @st. */
void cxlsim__ctx_set_strategy(struct cxlsim_ctx *ctx, struct sim_strategy *st);
/* Reset, set up every layer, run @boot... as the first task, then check properties. */
int cxlsim__ctx_run_sim(struct cxlsim_ctx *ctx, sim_task_fn boot, void *arg);
/*
 * The simulation the public queries read: the running task's, or on the host
 * the one whose property checks are running on this thread; NULL otherwise.
 */
struct sim *cxlsim__query_sim(void);

/*
 * A comma list of fault kinds ("alloc,probe,defer") as a CXLSIM_FAULT_* mask,
 * for the tool's --faults and the fuzzer's CXLSIM_FUZZ_FAULTS.  0, or -EINVAL
 * with *@bad and *@bad_len naming the first unknown entry.
 */
int cxlsim__faults_parse(const char *list, unsigned int *mask, const char **bad,
			 size_t *bad_len);

#endif /* CXLSIM_API_CTX_H */
