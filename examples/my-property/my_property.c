// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * my-property: a property of your own, checked on the CXL model.
 *
 * "memdev-probed-by-creator": cxl_mem's probe of every memdev runs in the
 * task that added the memdev, i.e. devm_cxl_add_memdev() attaches the
 * memdev synchronously instead of leaving it to whenever udev gets the
 * cxl_mem module loaded.  The check reads the run's trace as data
 * (cxlsim_ctx_trace_event()) after every schedule.
 *
 * We explore the default cxl_test-like topology under the kernel before the
 * series ("base") and with it ("series"), and count the schedules that
 * violate our property; one violating schedule is replayed to show it is
 * reproducible.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cxlsim/cxlsim.h>

#define PROPERTY "memdev-probed-by-creator"
#define RUNS 200

static bool is_memdev(const char *name)
{
	return !strncmp(name, "mem", 3) && name[3] >= '0' && name[3] <= '9';
}

/* The task that probed @memdev with cxl_mem first, or NULL. */
static const char *cxl_mem_prober(struct cxlsim_ctx *ctx, const char *memdev)
{
	struct cxlsim_event ev = { .size = sizeof(ev) };
	size_t i;

	for (i = 0; !cxlsim_ctx_trace_event(ctx, i, &ev); i++)
		if (!strcmp(ev.name, "probe") && !strcmp(ev.object, memdev) &&
		    !strcmp(ev.detail, "driver=cxl_mem"))
			return ev.task;
	return NULL;
}

static void memdev_probed_by_creator(struct cxlsim_ctx *ctx, void *priv)
{
	struct cxlsim_event ev = { .size = sizeof(ev) };
	size_t i;

	(void)priv;
	for (i = 0; !cxlsim_ctx_trace_event(ctx, i, &ev); i++) {
		const char *prober;

		if (strcmp(ev.name, "device-add") || !is_memdev(ev.object))
			continue;
		prober = cxl_mem_prober(ctx, ev.object);
		if (!prober)
			cxlsim_report(ctx, PROPERTY, "%s (added by %s) was never probed by cxl_mem",
				      ev.object, ev.task);
		else if (strcmp(prober, ev.task))
			cxlsim_report(ctx, PROPERTY, "%s added by %s but probed by %s", ev.object,
				      ev.task, prober);
	}
}

static bool violated(struct cxlsim_ctx *ctx, const char **msg)
{
	size_t i;

	for (i = 0; i < cxlsim_ctx_violation_count(ctx); i++) {
		const char *prop;

		cxlsim_ctx_violation(ctx, i, &prop, msg);
		if (!strcmp(prop, PROPERTY))
			return true;
	}
	return false;
}

static int explore(const char *kernel)
{
	const struct cxlsim_model_opts opts = { .size = sizeof(opts), .kernel = kernel };
	struct cxlsim_model *model;
	struct cxlsim_ctx *ctx;
	char err[256], *first = NULL;
	const char *msg = NULL;
	int seed, hits = 0, ret;

	ret = cxlsim_ctx_new(&ctx, NULL);
	if (ret)
		return ret;
	ret = cxlsim_property_register(ctx, PROPERTY, memdev_probed_by_creator, NULL);
	if (!ret)
		ret = cxlsim_model_new(&model, ctx, &opts, err, sizeof(err));
	if (ret) {
		cxlsim_ctx_free(ctx);
		return ret;
	}
	for (seed = 0; seed < RUNS && !ret; seed++) {
		cxlsim_ctx_set_random(ctx, (uint64_t)seed);
		ret = cxlsim_model_run(model);
		if (ret || !violated(ctx, &msg))
			continue;
		if (!hits++) {
			printf("%s: seed %d: %s\n", kernel, seed, msg);
			cxlsim_ctx_schedule(ctx, &first);
		}
	}
	printf("%s: %s violated in %d/%d schedules\n", kernel, PROPERTY, hits, RUNS);
	if (first) {
		cxlsim_ctx_set_replay(ctx, first);
		if (!cxlsim_model_run(model))
			printf("%s: replaying that schedule (%zu characters) violates it again: %s\n",
			       kernel, strlen(first), violated(ctx, &msg) ? "yes" : "no");
		free(first);
	}
	cxlsim_model_free(model);
	cxlsim_ctx_free(ctx);
	return ret;
}

int main(void)
{
	int ret = explore("base");

	if (!ret)
		ret = explore("series");
	if (ret)
		fprintf(stderr, "my-property: %s\n", cxlsim_strerror(ret));
	return ret ? 1 : 0;
}
