/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The public API's tests use only <cxlsim/cxlsim.h>: a run whose boot task
 * calls the function under test and records what it returned, then
 * assertions on the host.
 */
#ifndef CXLSIM_TEST_API_UTIL_H
#define CXLSIM_TEST_API_UTIL_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <cxlsim/cxlsim.h>

#include "harness.h"

/* What a test's boot task saw, and a log of callbacks in order. */
struct rec {
	int ret[16];
	void *ptr[8];
	int probes, removes, releases, actions;
	char log[512];
	struct cxlsim_bus *bus;
	struct cxlsim_driver *drv;
	struct cxlsim_device *dev;
	void *priv;
};

static inline void rlog(struct rec *r, const char *what)
{
	strncat(r->log, what, sizeof(r->log) - strlen(r->log) - 1);
	strncat(r->log, " ", sizeof(r->log) - strlen(r->log) - 1);
}

/* Run @boot once on a fresh context (seed 0), with @mods added; frees the context. */
static inline void run_rec(cxlsim_task_fn boot, void *arg, const struct cxlsim_module_info *mods,
			   size_t nr_mods)
{
	struct cxlsim_ctx *ctx;
	size_t i;

	assert_int_equal(cxlsim_ctx_new(&ctx, NULL), 0);
	for (i = 0; i < nr_mods; i++)
		assert_int_equal(cxlsim_module_add(ctx, &mods[i]), 0);
	assert_int_equal(cxlsim_ctx_run(ctx, boot, arg), 0);
	for (i = 0; i < cxlsim_ctx_violation_count(ctx); i++) {
		const char *p, *m;

		cxlsim_ctx_violation(ctx, i, &p, &m);
		print_message("violation: %s: %s\n", p, m);
	}
	assert_int_equal(cxlsim_ctx_violation_count(ctx), 0);
	cxlsim_ctx_free(ctx);
}

/* Devices match the driver whose name prefixes theirs: "x0" is for driver "x". */
static inline int prefix_match(struct cxlsim_device *dev, struct cxlsim_driver *drv)
{
	const char *d = cxlsim_driver_name(drv);

	return !strncmp(cxlsim_device_name(dev), d, strlen(d));
}

static inline const char *prefix_modalias(struct cxlsim_device *dev, char *buf, size_t len)
{
	snprintf(buf, len, "t:%.1s", cxlsim_device_name(dev));
	return buf;
}

static const struct cxlsim_bus_ops t_bus_ops = {
	.size = sizeof(struct cxlsim_bus_ops),
	.name = "t",
	.match = prefix_match,
	.modalias = prefix_modalias,
};

/* Device data is the test's struct rec. */
static inline void rec_release(struct cxlsim_device *dev)
{
	struct rec *r = cxlsim_device_data(dev);

	r->releases++;
	rlog(r, "release");
}

/* A device on @bus (may be NULL) named @name, data @r, one reference held. */
static inline struct cxlsim_device *new_dev(struct cxlsim_ctx *ctx, struct cxlsim_bus *bus,
					    const char *name, struct cxlsim_device *parent,
					    struct rec *r)
{
	struct cxlsim_device_info info = {
		.size = sizeof(info),
		.name = name,
		.bus = bus,
		.parent = parent,
		.release = rec_release,
		.data = r,
	};
	struct cxlsim_device *dev = NULL;

	cxlsim_device_new(&dev, ctx, &info);
	return dev;
}

/* A device added to @bus with no parent; remove_dev() takes it away again. */
static inline struct cxlsim_device *add_dev(struct cxlsim_ctx *ctx, struct cxlsim_bus *bus,
					    const char *name, struct rec *r)
{
	struct cxlsim_device *dev = new_dev(ctx, bus, name, NULL, r);

	if (dev && cxlsim_device_add(dev)) {
		cxlsim_device_unref(dev);
		return NULL;
	}
	return dev;
}

static inline void remove_dev(struct cxlsim_device *dev)
{
	cxlsim_device_del(dev);
	cxlsim_device_unref(dev);
}

static inline int rec_probe(struct cxlsim_device *dev)
{
	struct rec *r = cxlsim_device_data(dev);

	r->probes++;
	rlog(r, "probe");
	cxlsim_device_set_drvdata(dev, r);
	return r->ret[15]; /* what the probe returns: the test sets it */
}

static inline void rec_remove(struct cxlsim_device *dev)
{
	struct rec *r = cxlsim_device_data(dev);

	r->removes++;
	rlog(r, "remove");
}

#endif
