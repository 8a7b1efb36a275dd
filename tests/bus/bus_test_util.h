/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A tiny test bus: devices match drivers by name prefix; one module per driver. */
#ifndef CXLSIM_TEST_BUS_UTIL_H
#define CXLSIM_TEST_BUS_UTIL_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "bus/cleanup.h"
#include "bus/core.h"
#include "bus/devres.h"
#include "bus/module.h"

struct tdev {
	struct device dev;
	char kind[16];
};

struct tbus {
	struct bus_type bus;
	int probes, removes, releases;
	int probe_ret;			/* what tprobe returns */
	char log[512];			/* order of interesting events */
};

static inline struct tbus *tb(void)
{
	return sim_layer(sim_current(), SIM_LAYER_CXL);
}

static inline void tlog(const char *what)
{
	struct tbus *b = tb();

	strncat(b->log, what, sizeof(b->log) - strlen(b->log) - 1);
	strncat(b->log, " ", sizeof(b->log) - strlen(b->log) - 1);
}

static inline int tmatch(struct device *dev, const struct device_driver *drv)
{
	struct tdev *t = container_of(dev, struct tdev, dev);

	return !strcmp(t->kind, drv->name);
}

static inline const char *tmodalias(struct device *dev, char *buf, size_t len)
{
	snprintf(buf, len, "t:%s", container_of(dev, struct tdev, dev)->kind);
	return buf;
}

static inline void trelease(struct device *dev)
{
	tb()->releases++;
	sim_kfree(sim_current(), container_of(dev, struct tdev, dev));
}

static inline struct tdev *tdev_new(const char *kind, const char *name, struct device *parent)
{
	struct tdev *t = sim_kzalloc(sim_current(), sizeof(*t), "tdev");

	device_initialize(&t->dev);
	snprintf(t->kind, sizeof(t->kind), "%s", kind);
	t->dev.bus = &tb()->bus;
	t->dev.parent = parent;
	t->dev.release = trelease;
	dev_set_name(&t->dev, "%s", name);
	return t;
}

/* A fresh simulation with the driver core and the test bus, under @seed. */
static inline struct sim *tsim(uint64_t seed, bool autoload, struct sim_strategy **st)
{
	struct sim *s;
	struct tbus *b;

	assert_int_equal(sim_new(&s, NULL), 0);
	*st = sim_strategy_random(seed);
	sim_set_strategy(s, *st);
	assert_int_equal(drv_core_init(s), 0);
	drv_core_of(s)->udev_autoload = autoload;
	b = sim_kzalloc(s, sizeof(*b), "tbus");
	b->bus.name = "t";
	b->bus.match = tmatch;
	b->bus.modalias = tmodalias;
	sim_set_layer(s, SIM_LAYER_CXL, b);
	return s;
}

/* Run @fn as the boot task of a fresh simulation under @seed; returns the sim. */
static inline struct sim *trun(uint64_t seed, void (*fn)(void *), void *arg, bool autoload,
			       struct sim_strategy **st)
{
	struct sim *s = tsim(seed, autoload, st);

	sim_spawn(s, "boot", fn, arg);
	assert_int_equal(sim_run(s), 0);
	return s;
}

static inline struct tbus *tb_of(struct sim *s)
{
	return sim_layer(s, SIM_LAYER_CXL);
}

static inline int tb_probes_of(struct sim *s)
{
	return tb_of(s)->probes;
}

static inline void tdone(struct sim *s, struct sim_strategy *st)
{
	sim_destroy(s);
	sim_strategy_destroy(st);
}

static inline size_t nviol(const struct sim *s, const char *prop)
{
	size_t i, n = 0;

	for (i = 0; i < sim_violation_count(s); i++)
		if (!prop || !strcmp(sim_violation_get(s, i)->property, prop))
			n++;
	return n;
}

#endif
