// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * hello-bus: the smallest program built on the installed libcxlsim.
 *
 * A "probe" task publishes a device in two steps; a "udev" task it starts
 * reads the device in between if the scheduler lets it.  A property of our
 * own flags that, and we count over 200 seeds how often it happens, then
 * replay the first failing schedule to show it is reproducible.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cxlsim/cxlsim.h>

struct device_state {
	int published;		/* 0 = nothing, 1 = half set up, 2 = ready */
	int seen_half;		/* what the reader saw */
};

static void udev_reader(struct cxlsim_ctx *ctx, void *arg)
{
	struct device_state *d = arg;

	cxlsim_yield(ctx, "uevent");
	if (d->published == 1)
		d->seen_half = 1;
}

static void probe(struct cxlsim_ctx *ctx, void *arg)
{
	struct device_state *d = arg;

	d->published = 0;
	d->seen_half = 0;
	cxlsim_task_spawn(ctx, "udev", udev_reader, d);
	d->published = 1;
	cxlsim_yield(ctx, "device_add");
	d->published = 2;
}

static void never_half_set_up(struct cxlsim_ctx *ctx, void *priv)
{
	struct device_state *d = priv;

	if (d->seen_half)
		cxlsim_report(ctx, "never-half-set-up", "udev saw the device before probe finished");
}

int main(void)
{
	struct device_state d;
	struct cxlsim_ctx *ctx;
	char *first = NULL;
	int seed, hits = 0, ret;

	printf("libcxlsim %s; -CXLSIM_EPROBE_DEFER reads \"%s\"\n", cxlsim_version(),
	       cxlsim_strerror(-CXLSIM_EPROBE_DEFER));
	ret = cxlsim_ctx_new(&ctx, NULL);
	if (ret) {
		fprintf(stderr, "cxlsim_ctx_new: %s\n", cxlsim_strerror(ret));
		return 1;
	}
	cxlsim_property_register(ctx, "never-half-set-up", never_half_set_up, &d);
	for (seed = 0; seed < 200; seed++) {
		cxlsim_ctx_set_random(ctx, (uint64_t)seed);
		if (cxlsim_ctx_run(ctx, probe, &d))
			return 1;
		if (cxlsim_ctx_violation_count(ctx)) {
			hits++;
			if (!first)
				cxlsim_ctx_schedule(ctx, &first);
		}
	}
	printf("200 schedules: %d saw the half-set-up device\n", hits);
	if (first) {
		cxlsim_ctx_set_replay(ctx, first);
		cxlsim_ctx_run(ctx, probe, &d);
		printf("replay of %s: %zu violation(s) again\n", first,
		       cxlsim_ctx_violation_count(ctx));
		free(first);
	}
	cxlsim_ctx_free(ctx);
	return hits > 0 && hits < 200 ? 0 : 1;
}
