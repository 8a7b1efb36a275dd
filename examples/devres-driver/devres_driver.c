// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * devres-driver: a driver whose probe acquires everything through devres.
 *
 * Each step of the probe registers how to undo itself (a managed allocation,
 * cxlsim_devm_add_action()).  The first probe fails half-way: the driver
 * core releases what it had acquired, last acquired first, and the driver
 * writes no error path at all.  The second probe succeeds and also sets up
 * an optional feature inside a devres group, which it releases early on
 * its own; the unbind then releases the rest, again in reverse order.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <cxlsim/cxlsim.h>

struct state {
	bool fail_at_irq; /* the first probe's request_irq fails */
	char log[1024];
	struct cxlsim_driver *drv;
};

__attribute__((format(printf, 2, 3))) static void say(struct state *st, const char *fmt, ...)
{
	size_t n = strlen(st->log);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->log + n, sizeof(st->log) - n, fmt, ap);
	va_end(ap);
}

/* Each undo action gets the state and logs its own name. */
struct undo {
	struct state *st;
	const char *what;
};

static void undo(void *p)
{
	struct undo *u = p;

	say(u->st, "  undo: %s\n", u->what);
}

/* One probe step: acquire @what and register its undo; the undo record is devm memory too. */
static int step(struct cxlsim_device *dev, struct state *st, const char *what)
{
	struct undo *u = cxlsim_devm_alloc(dev, sizeof(*u));

	if (!u)
		return -ENOMEM;
	*u = (struct undo){ st, what };
	say(st, "  do:   %s\n", what);
	return cxlsim_devm_add_action_or_reset(dev, undo, u, what);
}

static int demo_probe(struct cxlsim_device *dev)
{
	struct state *st = cxlsim_device_data(dev);
	void *feature;
	int ret;

	say(st, "probe %s\n", cxlsim_device_name(dev));
	ret = step(dev, st, "power on");
	if (!ret)
		ret = step(dev, st, "enable clock");
	if (!ret)
		ret = step(dev, st, "map registers");
	if (ret)
		return ret;
	if (st->fail_at_irq) {
		say(st, "  request irq fails: %s\n", cxlsim_strerror(-EIO));
		return -EIO;
	}
	ret = step(dev, st, "request irq");
	if (ret)
		return ret;

	/* An optional feature in a group of its own, given up before the driver is. */
	feature = cxlsim_devres_open_group(dev, NULL);
	if (!feature)
		return -ENOMEM;
	ret = step(dev, st, "feature: start dma");
	if (!ret)
		ret = step(dev, st, "feature: enable events");
	cxlsim_devres_close_group(dev, feature);
	if (ret)
		return ret;
	say(st, "  devres entries: %zu (each step: its undo record and its action)\n",
	    cxlsim_devres_count(dev));
	say(st, "feature off early:\n");
	cxlsim_devres_release_group(dev, feature);
	return 0;
}

static const struct cxlsim_driver_ops demo_ops = {
	.size = sizeof(demo_ops),
	.name = "demo",
	.probe = demo_probe,
};

static void demo_release(struct cxlsim_device *dev)
{
	(void)dev;
}

static const struct cxlsim_bus_ops bus_ops = { .size = sizeof(bus_ops), .name = "simple" };

static void boot(struct cxlsim_ctx *ctx, void *arg)
{
	struct state *st = arg;
	struct cxlsim_device_info info = {
		.size = sizeof(info),
		.name = "demo0",
		.release = demo_release,
		.data = st,
	};
	struct cxlsim_device *dev;
	struct cxlsim_bus *bus;
	int ret;

	if (cxlsim_bus_register(&bus, ctx, &bus_ops))
		return;
	info.bus = bus;
	if (cxlsim_device_new(&dev, ctx, &info))
		return;
	if (cxlsim_device_add(dev)) {
		cxlsim_device_unref(dev);
		return;
	}
	/* Registering the driver probes demo0 now, and the probe fails. */
	st->fail_at_irq = true;
	cxlsim_driver_register(&st->drv, bus, &demo_ops);
	say(st, "after the failed probe: bound=%s, devres entries=%zu\n",
	    cxlsim_device_driver(dev) ? "yes" : "no", cxlsim_devres_count(dev));

	st->fail_at_irq = false;
	ret = cxlsim_driver_bind(st->drv, "demo0");
	say(st, "bind: %s\n", cxlsim_strerror(ret));
	say(st, "unbind:\n");
	cxlsim_driver_unbind(st->drv, "demo0");
	say(st, "after unbind: bound=%s, devres entries=%zu\n",
	    cxlsim_device_driver(dev) ? "yes" : "no", cxlsim_devres_count(dev));
	cxlsim_device_del(dev);
	cxlsim_device_unref(dev);
	/* What this run made, it takes down (or the run reports it: no-leak). */
	cxlsim_driver_unregister(st->drv);
	cxlsim_bus_unregister(bus);
}

int main(void)
{
	struct state st = { 0 };
	struct cxlsim_ctx *ctx;
	size_t i;
	int ret = cxlsim_ctx_new(&ctx, NULL);

	if (!ret)
		ret = cxlsim_ctx_run(ctx, boot, &st);
	if (ret) {
		fprintf(stderr, "devres-driver: %s\n", cxlsim_strerror(ret));
		return 1;
	}
	fputs(st.log, stdout);
	for (i = 0; i < cxlsim_ctx_violation_count(ctx); i++) {
		const char *prop, *msg;

		cxlsim_ctx_violation(ctx, i, &prop, &msg);
		printf("violation: %s: %s\n", prop, msg);
	}
	ret = cxlsim_ctx_violation_count(ctx) ? 1 : 0;
	cxlsim_ctx_free(ctx);
	return ret;
}
