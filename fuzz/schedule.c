// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fuzz target: the fuzzer's bytes are the scheduler's choices.
 *
 *   byte 0     topology: minimal, default or accel (modulo 3)
 *   byte 1     workload, among those the topology takes (modulo 2):
 *              minimal, default: boot or boot+teardown; accel: accel or
 *              boot+teardown
 *   byte 2...  one byte per choice, taken modulo the number of alternatives;
 *              once the bytes run out every choice is 0 (no preemption)
 *
 * The kernel variant is CXLSIM_FUZZ_KERNEL (default "base"); faults are
 * CXLSIM_FUZZ_FAULTS, a comma list of alloc, probe and defer (default none),
 * each fault then being one more choice the bytes make.  A run that
 * violates a property not listed in CXLSIM_FUZZ_IGNORE (comma separated)
 * prints the violation and the schedule `cxlsim replay` takes, then aborts,
 * so that the fuzzer keeps the input.
 *
 * Each (topology, workload) engine is prepared once, on first use, and kept
 * for the life of the process: a run costs a reset and the simulation only.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cxlsim/cxlsim.h>

#include "api/ctx.h"
#include "api/model.h"
#include "fuzz.h"

static const char *const topologies[] = { "minimal", "default", "accel" };
#define NR_TOPOLOGIES (sizeof(topologies) / sizeof(topologies[0]))
#define NR_WORKLOADS 2

static const char *workload_of(unsigned int topo, unsigned int wl)
{
	if (wl == 1)
		return "boot+teardown";
	return strcmp(topologies[topo], "accel") ? "boot" : "accel";
}

/* ---- the strategy: choices straight from the input ---- */

struct bytes_strategy {
	struct sim_strategy base;
	const uint8_t *data;
	size_t len, pos;
};

static unsigned int bytes_choose(struct sim_strategy *st, struct sim *s, const struct sim_choice *c)
{
	struct bytes_strategy *b = container_of(st, struct bytes_strategy, base);

	if (b->pos >= b->len)
		return 0;
	return b->data[b->pos++] % c->n;
}

static void bytes_begin(struct sim_strategy *st, struct sim *s)
{
	container_of(st, struct bytes_strategy, base)->pos = 0;
}

static void bytes_destroy(struct sim_strategy *st)
{
	free(container_of(st, struct bytes_strategy, base));
}

static const struct sim_strategy_ops bytes_ops = {
	.name = "fuzz",
	.choose = bytes_choose,
	.begin = bytes_begin,
	.destroy = bytes_destroy,
};

/* ---- engines, one per (topology, workload), kept across inputs ---- */

struct slot {
	struct cxlsim__engine e;   /* the context points back here: never moved */
	struct bytes_strategy *st; /* owned by e.ctx */
};

static struct slot slots[NR_TOPOLOGIES][NR_WORKLOADS];

/*
 * Without CXLSIM_FUZZ_KERNEL / CXLSIM_FUZZ_IGNORE in the environment (OSS-Fuzz sets none):
 * the build may give defaults (fuzz/oss-fuzz/build.sh gives what ctest's fuzz.* tests set).
 */
#ifndef CXLSIM_FUZZ_DEFAULT_KERNEL
#define CXLSIM_FUZZ_DEFAULT_KERNEL "base"
#endif
#ifndef CXLSIM_FUZZ_DEFAULT_IGNORE
#define CXLSIM_FUZZ_DEFAULT_IGNORE ""
#endif

static const char *kernel(void)
{
	const char *k = getenv("CXLSIM_FUZZ_KERNEL");

	return k && *k ? k : CXLSIM_FUZZ_DEFAULT_KERNEL;
}

static const char *faults(void)
{
	const char *f = getenv("CXLSIM_FUZZ_FAULTS");

	return f ? f : "";
}

/* Set-up errors are the user's (a bad CXLSIM_FUZZ_KERNEL): say so and stop. */
static void __attribute__((noreturn)) setup_failed(const char *what, int err)
{
	fprintf(stderr, "fuzz-schedule: %s: %s\n", what, cxlsim_strerror(err));
	exit(2);
}

/* CXLSIM_FUZZ_FAULTS as the context's fault mask; a bad name stops the fuzzer. */
static unsigned int fault_mask(void)
{
	unsigned int mask;
	const char *bad;
	size_t n;

	if (cxlsim__faults_parse(faults(), &mask, &bad, &n)) {
		fprintf(stderr, "fuzz-schedule: CXLSIM_FUZZ_FAULTS: unknown fault '%.*s' "
				"(alloc, probe, defer)\n", (int)n, bad);
		exit(2);
	}
	return mask;
}

static struct slot *slot_get(unsigned int topo, unsigned int wl)
{
	struct slot *sl = &slots[topo][wl];
	struct cxlsim__model_opts mo = {
		.topology = topologies[topo],
		.kernel = kernel(),
		.workload = workload_of(topo, wl),
	};
	struct cxlsim_ctx *ctx;
	char err[512] = "";
	int ret;

	if (sl->e.ctx)
		return sl;
	struct cxlsim_opts copts = { .size = sizeof(copts), .faults = fault_mask() };

	ret = cxlsim_ctx_new(&ctx, &copts);
	if (ret)
		setup_failed("context", ret);
	ret = cxlsim__engine_init(&sl->e, ctx, cxlsim__model_find("cxl"), &mo, err, sizeof(err));
	if (ret)
		setup_failed(err[0] ? err : "model", ret);
	sl->st = calloc(1, sizeof(*sl->st));
	if (!sl->st)
		setup_failed("strategy", -ENOMEM);
	sl->st->base.ops = &bytes_ops;
	cxlsim__ctx_set_strategy(ctx, &sl->st->base);
	return sl;
}

/* Is @prop in the comma-separated CXLSIM_FUZZ_IGNORE? */
static bool ignored(const char *prop)
{
	const char *list = getenv("CXLSIM_FUZZ_IGNORE") ?: CXLSIM_FUZZ_DEFAULT_IGNORE;
	size_t n = strlen(prop);

	while (list && *list) {
		const char *end = strchrnul(list, ',');

		if ((size_t)(end - list) == n && !strncmp(list, prop, n))
			return true;
		list = *end ? end + 1 : end;
	}
	return false;
}

static void __attribute__((noreturn))
report(struct slot *sl, unsigned int topo, unsigned int wl, const char *prop, const char *msg)
{
	struct sim *s = cxlsim__ctx_sim(sl->e.ctx);
	char *sched = NULL;

	if (sim_schedule_encode(sim_schedule_choices(s), sim_schedule_len(s), &sched))
		sched = NULL;
	fprintf(stderr,
		"fuzz-schedule: violation: %s: %s\n"
		"  replay: cxlsim replay --topology %s --workload %s --kernel %s%s%s '%s'\n",
		prop, msg ? msg : "", topologies[topo], workload_of(topo, wl), kernel(),
		*faults() ? " --faults " : "", faults(), sched && sched[0] ? sched : "-");
	free(sched);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int topo = size > 0 ? data[0] % NR_TOPOLOGIES : 0;
	unsigned int wl = size > 1 ? data[1] % NR_WORKLOADS : 0;
	struct slot *sl = slot_get(topo, wl);
	size_t i;
	int ret;

	sl->st->data = size > 2 ? data + 2 : NULL;
	sl->st->len = size > 2 ? size - 2 : 0;
	ret = cxlsim__engine_run(&sl->e);
	if (ret) {
		/* The runtime itself failed: worth keeping the input. */
		fprintf(stderr, "fuzz-schedule: run failed: %s\n", cxlsim_strerror(ret));
		abort();
	}
	for (i = 0; i < cxlsim_ctx_violation_count(sl->e.ctx); i++) {
		const char *prop, *msg;

		if (cxlsim_ctx_violation(sl->e.ctx, i, &prop, &msg) || ignored(prop))
			continue;
		report(sl, topo, wl, prop, msg);
	}
	return 0;
}
