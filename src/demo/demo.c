// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The built-in demo: the module-autoload race in its smallest form.
 *
 * Module parent_drv binds parent0 and, in its probe, adds child0 to the same
 * bus.  child0's driver lives in module child_drv, which udev loads when it
 * handles child0's uevent, in a task of its own.  Depending on the
 * interleaving, child0 is bound before parent0's probe returns (child_drv
 * was already loaded) or after it (the driver registered later and attached
 * the waiting device).  Both are correct; which one happens is the race.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "api/model.h"
#include "bus/core.h"
#include "bus/devres.h"
#include "bus/end_state.h"
#include "bus/module.h"

enum child_outcome {
	CHILD_NOT_BOUND,
	CHILD_BOUND_IN_PARENT_PROBE,
	CHILD_BOUND_AFTER_PARENT_PROBE,
};

struct demo_dev {
	struct device dev;
	const char *kind;
};

struct demo_state {
	struct bus_type bus;
	struct device_driver parent_driver, child_driver;
	struct demo_dev *child;
	enum child_outcome outcome;
};

static struct demo_state *demo(void)
{
	return sim_layer(sim_current(), SIM_LAYER_CXL);
}

static struct demo_dev *to_demo_dev(struct device *dev)
{
	return container_of(dev, struct demo_dev, dev);
}

static int demo_match(struct device *dev, const struct device_driver *drv)
{
	return !strncmp(drv->name, to_demo_dev(dev)->kind, strlen(to_demo_dev(dev)->kind));
}

static const char *demo_modalias(struct device *dev, char *buf, size_t len)
{
	snprintf(buf, len, "demo:%s", to_demo_dev(dev)->kind);
	return buf;
}

static void demo_dev_release(struct device *dev)
{
	sim_kfree(sim_current(), to_demo_dev(dev));
}

static struct demo_dev *demo_dev_create(struct device *parent, const char *kind, const char *name)
{
	struct demo_dev *d = sim_kzalloc(sim_current(), sizeof(*d), "demo_dev");

	if (!d)
		return NULL;
	device_initialize(&d->dev);
	d->kind = kind;
	d->dev.parent = parent;
	d->dev.bus = &demo()->bus;
	d->dev.release = demo_dev_release;
	dev_set_name(&d->dev, "%s", name);
	return d;
}

static void unregister_child(void *data)
{
	device_unregister(data);
}

static int parent_probe(struct device *dev)
{
	struct demo_state *st = demo();
	struct demo_dev *child = demo_dev_create(dev, "child", "child0");
	int ret;

	if (!child)
		return -ENOMEM;
	ret = device_add(&child->dev);
	if (ret) {
		put_device(&child->dev);
		return ret;
	}
	st->child = child;
	ret = devm_add_action_or_reset(dev, unregister_child, &child->dev);
	if (ret)
		return ret;
	if (child->dev.driver)
		st->outcome = CHILD_BOUND_IN_PARENT_PROBE;
	sim_tracef(sim_current(), "parent-probe-returns", dev_name(dev), "child0 %s",
		   child->dev.driver ? "bound" : "not bound yet");
	return 0;
}

static int child_probe(struct device *dev)
{
	struct demo_state *st = demo();

	if (st->outcome == CHILD_NOT_BOUND)
		st->outcome = CHILD_BOUND_AFTER_PARENT_PROBE;
	return 0;
}

static int parent_drv_init(void)
{
	struct demo_state *st = demo();

	st->parent_driver = (struct device_driver){
		.name = "parent",
		.bus = &st->bus,
		.probe = parent_probe,
	};
	return driver_register(&st->parent_driver);
}

static void parent_drv_exit(void)
{
	driver_unregister(&demo()->parent_driver);
}

static int child_drv_init(void)
{
	struct demo_state *st = demo();

	st->child_driver = (struct device_driver){
		.name = "child",
		.bus = &st->bus,
		.probe = child_probe,
	};
	return driver_register(&st->child_driver);
}

static void child_drv_exit(void)
{
	driver_unregister(&demo()->child_driver);
}

static const char *const parent_aliases[] = { "demo:parent", NULL };
static const char *const child_aliases[] = { "demo:child", NULL };

static const struct module_desc parent_drv_module = {
	.name = "parent_drv",
	.init = parent_drv_init,
	.exit = parent_drv_exit,
	.aliases = parent_aliases,
};

static const struct module_desc child_drv_module = {
	.name = "child_drv",
	.init = child_drv_init,
	.exit = child_drv_exit,
	.aliases = child_aliases,
};

static int demo_setup(struct sim *s, void *priv)
{
	struct demo_state *st;
	int ret = drv_core_init(s);

	if (ret)
		return ret;
	st = sim_kzalloc(s, sizeof(*st), "demo_state");
	if (!st)
		return -ENOMEM;
	st->bus.name = "demo";
	st->bus.match = demo_match;
	st->bus.modalias = demo_modalias;
	sim_set_layer(s, SIM_LAYER_CXL, st);
	ret = module_add_available(s, &parent_drv_module);
	return ret ? ret : module_add_available(s, &child_drv_module);
}

static void demo_boot(void *priv)
{
	struct demo_state *st = demo();
	struct demo_dev *parent;

	bus_register(&st->bus);
	sim_faults_off(sim_current());
	parent = demo_dev_create(NULL, "parent", "parent0");
	sim_faults_on(sim_current());
	if (!parent || device_add(&parent->dev))
		return;
}

static void demo_check(struct sim *s, void *priv)
{
	struct demo_state *st = sim_layer(s, SIM_LAYER_CXL);

	if (st->outcome == CHILD_NOT_BOUND)
		sim_violation(s, "child-bound", "child0 never bound to child_drv");
}

static const char *demo_outcome(struct sim *s, void *priv, char *buf, size_t len)
{
	static const char *const names[] = {
		[CHILD_NOT_BOUND] = "child0 never bound",
		[CHILD_BOUND_IN_PARENT_PROBE] = "child0 bound inside parent0's probe",
		[CHILD_BOUND_AFTER_PARENT_PROBE] = "child0 bound after parent0's probe returned",
	};
	struct demo_state *st = sim_layer(s, SIM_LAYER_CXL);

	snprintf(buf, len, "%s", names[st ? st->outcome : CHILD_NOT_BOUND]);
	return buf;
}

static void demo_end_state(struct sim *s, void *priv, struct sim_strbuf *sb)
{
	static const char *const names[] = {
		[CHILD_NOT_BOUND] = "not-bound",
		[CHILD_BOUND_IN_PARENT_PROBE] = "bound-in-parent-probe",
		[CHILD_BOUND_AFTER_PARENT_PROBE] = "bound-after-parent-probe",
	};
	struct demo_state *st = sim_layer(s, SIM_LAYER_CXL);

	end_state_add(sb, "demo child0=%s", names[st ? st->outcome : CHILD_NOT_BOUND]);
}

static const char *const demo_properties[] = { "child-bound", "devres-once", "no-uaf",
						"no-deadlock", "lock-order", NULL };

const struct cxlsim__model cxlsim__demo_model = {
	.name = "demo",
	.summary = "a parent driver adds a child whose driver module udev loads later",
	.properties = demo_properties,
	.setup = demo_setup,
	.boot = demo_boot,
	.check = demo_check,
	.outcome = demo_outcome,
	.state = demo_end_state,
};
