// SPDX-License-Identifier: LGPL-2.1-or-later
/* <cxlsim/bus.h>: buses, devices, drivers, probe types, bind and unbind. */
#include "api_test_util.h"

static const struct cxlsim_driver_ops x_sync = {
	.size = sizeof(x_sync),
	.name = "x",
	.probe_type = CXLSIM_PROBE_FORCE_SYNC,
	.probe = rec_probe,
	.remove = rec_remove,
};

static const struct cxlsim_driver_ops x_async = {
	.size = sizeof(x_async),
	.name = "x",
	.probe_type = CXLSIM_PROBE_PREFER_ASYNC,
	.probe = rec_probe,
	.remove = rec_remove,
};

static void bus_calls(struct cxlsim_ctx *ctx, void *arg)
{
	struct rec *r = arg;
	struct cxlsim_bus_ops bad = t_bus_ops;
	struct cxlsim_bus *b2;

	r->ret[0] = cxlsim_bus_register(&r->bus, ctx, &t_bus_ops);
	r->ret[1] = cxlsim_bus_register(&b2, ctx, &t_bus_ops);
	r->ret[2] = cxlsim_bus_register(NULL, ctx, &t_bus_ops);
	r->ret[3] = cxlsim_bus_register(&b2, ctx, NULL);
	bad.size = 8;
	r->ret[4] = cxlsim_bus_register(&b2, ctx, &bad);
	bad = t_bus_ops;
	bad.name = "";
	r->ret[5] = cxlsim_bus_register(&b2, ctx, &bad);
	r->ret[6] = cxlsim_bus_find(ctx, "t") == r->bus;
	r->ret[7] = cxlsim_bus_find(ctx, "nosuch") == NULL && cxlsim_bus_find(ctx, NULL) == NULL;
	r->ret[8] = !strcmp(cxlsim_bus_name(r->bus), "t") && cxlsim_bus_name(NULL) == NULL;
	r->ret[9] = cxlsim_bus_first_device(r->bus) == NULL;
	cxlsim_bus_unregister(r->bus);
	r->ret[10] = cxlsim_bus_find(ctx, "t") == NULL;
}

CXLSIM_TEST(bus_register_find_and_errors)
{
	struct rec r = { 0 };
	struct cxlsim_ctx *ctx;
	struct cxlsim_bus *b;

	run_rec(bus_calls, &r, NULL, 0);
	assert_int_equal(r.ret[0], 0);
	assert_int_equal(r.ret[1], -EEXIST);
	assert_int_equal(r.ret[2], -EINVAL);
	assert_int_equal(r.ret[3], -EINVAL);
	assert_int_equal(r.ret[4], -EINVAL);
	assert_int_equal(r.ret[5], -EINVAL);
	for (int i = 6; i <= 10; i++)
		assert_int_equal(r.ret[i], 1);
	/* On the host, outside any run. */
	assert_int_equal(cxlsim_ctx_new(&ctx, NULL), 0);
	assert_int_equal(cxlsim_bus_register(&b, ctx, &t_bus_ops), -EPERM);
	assert_null(cxlsim_bus_find(ctx, "t"));
	cxlsim_ctx_free(ctx);
}

static void device_errors(struct cxlsim_ctx *ctx, void *arg)
{
	struct rec *r = arg;
	struct cxlsim_device_info info = { .size = sizeof(info), .name = "d", .data = r };
	struct cxlsim_device *dev;

	r->ret[0] = cxlsim_device_new(&dev, ctx, &info); /* no release */
	info.release = rec_release;
	info.size = 4;
	r->ret[1] = cxlsim_device_new(&dev, ctx, &info);
	info.size = sizeof(info);
	info.name = NULL;
	r->ret[2] = cxlsim_device_new(&dev, ctx, &info);
	info.name = "d";
	r->ret[3] = cxlsim_device_new(NULL, ctx, &info);
	r->ret[4] = cxlsim_device_new(&dev, NULL, &info);
	r->ret[5] = cxlsim_device_add(NULL);
	r->ret[6] = cxlsim_device_ref(NULL) == NULL && cxlsim_device_name(NULL) == NULL &&
		    cxlsim_device_parent(NULL) == NULL && cxlsim_device_bus(NULL) == NULL &&
		    cxlsim_device_data(NULL) == NULL && cxlsim_device_driver(NULL) == NULL &&
		    !cxlsim_device_is_registered(NULL) && cxlsim_device_get_drvdata(NULL) == NULL;
	cxlsim_device_unref(NULL);
	cxlsim_device_del(NULL);
	cxlsim_device_set_drvdata(NULL, r);
}

CXLSIM_TEST(device_new_refuses_bad_info_and_no_release)
{
	struct rec r = { 0 };
	struct cxlsim_device_info info = {
		.size = sizeof(info),
		.name = "d",
		.release = rec_release,
	};
	struct cxlsim_device *dev;
	struct cxlsim_ctx *ctx;

	run_rec(device_errors, &r, NULL, 0);
	for (int i = 0; i <= 5; i++)
		assert_int_equal(r.ret[i], -EINVAL);
	assert_int_equal(r.ret[6], 1);
	assert_int_equal(cxlsim_ctx_new(&ctx, NULL), 0);
	assert_int_equal(cxlsim_device_new(&dev, ctx, &info), -EPERM);
	cxlsim_ctx_free(ctx);
}

static void device_lifetime(struct cxlsim_ctx *ctx, void *arg)
{
	struct rec *r = arg;
	struct cxlsim_device *parent, *child, *d;
	int n = 0;

	cxlsim_bus_register(&r->bus, ctx, &t_bus_ops);
	parent = new_dev(ctx, r->bus, "p0", NULL, r);
	child = new_dev(ctx, r->bus, "c0", parent, r);
	r->ret[0] = cxlsim_device_is_registered(parent);
	r->ret[1] = cxlsim_device_add(parent);
	r->ret[2] = cxlsim_device_add(child);
	r->ret[3] = cxlsim_device_is_registered(child) && cxlsim_device_parent(child) == parent &&
		    cxlsim_device_bus(child) == r->bus && cxlsim_device_data(child) == r &&
		    !strcmp(cxlsim_device_name(child), "c0") && !cxlsim_device_driver(child);
	cxlsim_bus_foreach_device(r->bus, d) n = n * 10 + (d == parent ? 1 : d == child ? 2 : 9);
	r->ret[4] = n;
	r->ret[5] = cxlsim_device_ref(child) == child;
	cxlsim_device_unref(child);
	cxlsim_device_del(child);
	r->ret[6] = !cxlsim_device_is_registered(child) && r->releases == 0;
	cxlsim_device_unref(child); /* the last reference: released */
	r->ret[7] = r->releases;
	/* The parent was held by the child until its del. */
	remove_dev(parent);
	r->ret[8] = r->releases;
	cxlsim_bus_unregister(r->bus);
}

CXLSIM_TEST(device_add_del_refs_and_release)
{
	struct rec r = { 0 };

	run_rec(device_lifetime, &r, NULL, 0);
	assert_int_equal(r.ret[0], 0);
	assert_int_equal(r.ret[1], 0);
	assert_int_equal(r.ret[2], 0);
	assert_int_equal(r.ret[3], 1);
	assert_int_equal(r.ret[4], 12);
	assert_int_equal(r.ret[5], 1);
	assert_int_equal(r.ret[6], 1);
	assert_int_equal(r.ret[7], 1);
	assert_int_equal(r.ret[8], 2);
}

static void sync_probe(struct cxlsim_ctx *ctx, void *arg)
{
	struct rec *r = arg;
	struct cxlsim_device *early, *late;

	cxlsim_bus_register(&r->bus, ctx, &t_bus_ops);
	early = add_dev(ctx, r->bus, "x0", r);
	/* Registering probes the device already there... */
	r->ret[0] = cxlsim_driver_register(&r->drv, r->bus, &x_sync);
	r->ret[1] = cxlsim_device_driver(early) == r->drv && r->probes == 1;
	/* ...and adding a device probes the driver already there, in this task. */
	late = add_dev(ctx, r->bus, "x1", r);
	r->ret[2] = cxlsim_device_driver(late) == r->drv && r->probes == 2;
	r->ret[3] = cxlsim_device_get_drvdata(late) == r;
	r->ret[4] = !strcmp(cxlsim_driver_name(r->drv), "x");
	cxlsim_driver_unregister(r->drv);
	r->ret[5] = r->removes == 2 && !cxlsim_device_driver(early) &&
		    !cxlsim_device_get_drvdata(late);
	remove_dev(early);
	remove_dev(late);
	cxlsim_bus_unregister(r->bus);
}

CXLSIM_TEST(sync_driver_binds_existing_and_new_devices)
{
	struct rec r = { 0 };

	run_rec(sync_probe, &r, NULL, 0);
	assert_int_equal(r.ret[0], 0);
	for (int i = 1; i <= 5; i++)
		assert_int_equal(r.ret[i], 1);
	assert_int_equal(r.releases, 2);
}

static void async_probe(struct cxlsim_ctx *ctx, void *arg)
{
	struct rec *r = arg;
	struct cxlsim_device *dev;

	cxlsim_bus_register(&r->bus, ctx, &t_bus_ops);
	cxlsim_driver_register(&r->drv, r->bus, &x_async);
	dev = add_dev(ctx, r->bus, "x0", r);
	r->ret[0] = cxlsim_wait_for_device_probe(ctx);
	r->ret[1] = cxlsim_device_driver(dev) == r->drv;
	remove_dev(dev);
	cxlsim_driver_unregister(r->drv);
	cxlsim_bus_unregister(r->bus);
}

CXLSIM_TEST(async_driver_probes_in_another_task_and_wait_covers_it)
{
	struct cxlsim_ctx *ctx;
	struct cxlsim_event ev = { .size = sizeof(ev) };
	char adder[64] = "", prober[64] = "";
	struct rec r = { 0 };
	size_t i;

	assert_int_equal(cxlsim_ctx_new(&ctx, NULL), 0);
	assert_int_equal(cxlsim_ctx_run(ctx, async_probe, &r), 0);
	assert_int_equal(r.ret[0], 0);
	assert_int_equal(r.ret[1], 1);
	for (i = 0; !cxlsim_ctx_trace_event(ctx, i, &ev); i++) {
		if (!strcmp(ev.object, "x0") && !strcmp(ev.name, "device-add"))
			snprintf(adder, sizeof(adder), "%s", ev.task);
		if (!strcmp(ev.object, "x0") && !strcmp(ev.name, "probe"))
			snprintf(prober, sizeof(prober), "%s", ev.task);
	}
	assert_string_equal(adder, "boot");
	assert_string_not_equal(prober, "boot");
	assert_int_equal(cxlsim_ctx_violation_count(ctx), 0);
	cxlsim_ctx_free(ctx);
}

static void driver_errors(struct cxlsim_ctx *ctx, void *arg)
{
	struct rec *r = arg;
	struct cxlsim_driver_ops bad = x_sync;
	struct cxlsim_driver *d;

	cxlsim_bus_register(&r->bus, ctx, &t_bus_ops);
	r->ret[0] = cxlsim_driver_register(&r->drv, r->bus, &x_sync);
	r->ret[1] = cxlsim_driver_register(&d, r->bus, &x_sync);
	r->ret[2] = cxlsim_driver_register(&d, NULL, &x_sync);
	r->ret[3] = cxlsim_driver_register(NULL, r->bus, &x_sync);
	bad.probe_type = 7;
	r->ret[4] = cxlsim_driver_register(&d, r->bus, &bad);
	bad = x_sync;
	bad.size = 0;
	r->ret[5] = cxlsim_driver_register(&d, r->bus, &bad);
	bad = x_sync;
	bad.name = NULL;
	r->ret[6] = cxlsim_driver_register(&d, r->bus, &bad);
	r->ret[7] = cxlsim_driver_bind(NULL, "x0");
	r->ret[8] = cxlsim_driver_unbind(r->drv, NULL);
	r->ret[9] = cxlsim_driver_name(NULL) == NULL;
	cxlsim_driver_unregister(NULL);
	cxlsim_driver_unregister(r->drv);
	cxlsim_bus_unregister(r->bus);
}

CXLSIM_TEST(driver_register_errors)
{
	struct rec r = { 0 };

	run_rec(driver_errors, &r, NULL, 0);
	assert_int_equal(r.ret[0], 0);
	assert_int_equal(r.ret[1], -EBUSY);
	for (int i = 2; i <= 8; i++)
		assert_int_equal(r.ret[i], -EINVAL);
	assert_int_equal(r.ret[9], 1);
}

static void bind_unbind(struct cxlsim_ctx *ctx, void *arg)
{
	struct rec *r = arg;
	struct cxlsim_device *dev;

	cxlsim_bus_register(&r->bus, ctx, &t_bus_ops);
	cxlsim_driver_register(&r->drv, r->bus, &x_sync);
	dev = add_dev(ctx, r->bus, "x0", r);
	r->ret[0] = cxlsim_driver_unbind(r->drv, "x0");
	r->ret[1] = cxlsim_driver_unbind(r->drv, "x0");
	r->ret[2] = cxlsim_driver_bind(r->drv, "x0");
	r->ret[3] = cxlsim_driver_bind(r->drv, "x0");
	r->ret[4] = cxlsim_driver_bind(r->drv, "nosuch");
	/* A failing probe: the bind reports it and the device stays unbound. */
	cxlsim_driver_unbind(r->drv, "x0");
	r->ret[15] = -EIO;
	r->ret[5] = cxlsim_driver_bind(r->drv, "x0");
	r->ret[6] = cxlsim_device_driver(dev) == NULL && cxlsim_device_get_drvdata(dev) == NULL;
	r->ret[15] = 0;
	remove_dev(dev);
	cxlsim_driver_unregister(r->drv);
	cxlsim_bus_unregister(r->bus);
}

CXLSIM_TEST(bind_and_unbind_like_sysfs)
{
	struct rec r = { 0 };

	run_rec(bind_unbind, &r, NULL, 0);
	assert_int_equal(r.ret[0], 0);
	assert_int_equal(r.ret[1], -ENODEV);
	assert_int_equal(r.ret[2], 0);
	assert_int_equal(r.ret[3], -EBUSY);
	assert_int_equal(r.ret[4], -ENODEV);
	assert_int_equal(r.ret[5], -EIO);
	assert_int_equal(r.ret[6], 1);
	assert_string_equal(r.log, "probe remove probe remove probe release ");
}

static int bus_probe(struct cxlsim_device *dev)
{
	struct rec *r = cxlsim_device_data(dev);

	rlog(r, "bus-probe");
	return r->ret[14];
}

static void bus_remove(struct cxlsim_device *dev)
{
	rlog(cxlsim_device_data(dev), "bus-remove");
}

static const struct cxlsim_bus_ops cb_bus_ops = {
	.size = sizeof(cb_bus_ops),
	.name = "cb",
	.match = prefix_match,
	.probe = bus_probe,
	.remove = bus_remove,
};

static void bus_callbacks(struct cxlsim_ctx *ctx, void *arg)
{
	struct rec *r = arg;
	struct cxlsim_device *dev;

	cxlsim_bus_register(&r->bus, ctx, &cb_bus_ops);
	cxlsim_driver_register(&r->drv, r->bus, &x_sync);
	dev = add_dev(ctx, r->bus, "x0", r);
	cxlsim_driver_unbind(r->drv, "x0");
	r->ret[14] = -ENXIO; /* the bus refuses: the driver's probe never runs */
	r->ret[0] = cxlsim_driver_bind(r->drv, "x0");
	remove_dev(dev);
	cxlsim_driver_unregister(r->drv);
	cxlsim_bus_unregister(r->bus);
}

CXLSIM_TEST(bus_probe_runs_before_driver_probe_and_remove_after)
{
	struct rec r = { 0 };

	run_rec(bus_callbacks, &r, NULL, 0);
	assert_int_equal(r.ret[0], -ENXIO);
	assert_string_equal(r.log, "bus-probe probe remove bus-remove bus-probe release ");
}

static void defer_probe(struct cxlsim_ctx *ctx, void *arg)
{
	struct rec *r = arg;
	struct cxlsim_device *dev;
	struct cxlsim_driver *y;
	static const struct cxlsim_driver_ops y_ops = { .size = sizeof(y_ops), .name = "y" };

	cxlsim_bus_register(&r->bus, ctx, &t_bus_ops);
	r->ret[15] = -CXLSIM_EPROBE_DEFER;
	cxlsim_driver_register(&r->drv, r->bus, &x_sync);
	dev = add_dev(ctx, r->bus, "x0", r);
	r->ret[0] = cxlsim_device_driver(dev) == NULL;
	/* Another driver binding re-triggers the deferred probe. */
	r->ret[15] = 0;
	cxlsim_driver_register(&y, r->bus, &y_ops);
	r->ret[1] = cxlsim_device_add(new_dev(ctx, r->bus, "y0", NULL, r));
	cxlsim_wait_for_device_probe(ctx);
	r->ret[2] = cxlsim_device_driver(dev) == r->drv;
}

CXLSIM_TEST(deferred_probe_retried_when_another_driver_binds)
{
	struct rec r = { 0 };
	struct cxlsim_ctx *ctx;

	assert_int_equal(cxlsim_ctx_new(&ctx, NULL), 0);
	assert_int_equal(cxlsim_ctx_run(ctx, defer_probe, &r), 0);
	assert_int_equal(r.ret[0], 1);
	assert_int_equal(r.ret[1], 0);
	assert_int_equal(r.ret[2], 1);
	cxlsim_ctx_free(ctx);
}

static void uevent_autoload(struct cxlsim_ctx *ctx, void *arg)
{
	struct rec *r = arg;

	cxlsim_bus_register(&r->bus, ctx, &t_bus_ops);
	r->dev = new_dev(ctx, r->bus, "x0", NULL, r);
	r->ret[0] = cxlsim_device_add(r->dev);
}

static int xmod_init(struct cxlsim_ctx *ctx, void *priv)
{
	struct rec *r = priv;

	rlog(r, "init");
	return cxlsim_driver_register(&r->drv, cxlsim_bus_find(ctx, "t"), &x_sync);
}

/* The property check reads the end state through the queries. */
static void bound_at_end(struct cxlsim_ctx *ctx, void *priv)
{
	struct rec *r = priv;
	struct cxlsim_driver *drv = cxlsim_device_driver(r->dev);

	r->ret[1] = drv && !strcmp(cxlsim_driver_name(drv), "x") &&
		    cxlsim_bus_find(ctx, "t") == r->bus &&
		    cxlsim_bus_first_device(r->bus) == r->dev &&
		    !strcmp(cxlsim_device_name(r->dev), "x0");
}

CXLSIM_TEST(uevent_modalias_autoloads_the_module)
{
	static const char *const aliases[] = { "t:x", NULL };
	struct rec r = { 0 };
	const struct cxlsim_module_info mod = {
		.size = sizeof(mod),
		.name = "xmod",
		.init = xmod_init,
		.priv = &r,
		.aliases = aliases,
	};
	struct cxlsim_ctx *ctx;

	assert_int_equal(cxlsim_ctx_new(&ctx, NULL), 0);
	assert_int_equal(cxlsim_module_add(ctx, &mod), 0);
	assert_int_equal(cxlsim_property_register(ctx, "bound-at-end", bound_at_end, &r), 0);
	assert_int_equal(cxlsim_ctx_run(ctx, uevent_autoload, &r), 0);
	assert_int_equal(r.ret[0], 0);
	assert_int_equal(r.ret[1], 1);
	assert_string_equal(r.log, "init probe ");
	/* Queries outside a task or a check find nothing. */
	assert_null(cxlsim_device_name(r.dev));
	assert_null(cxlsim_device_driver(r.dev));
	cxlsim_ctx_free(ctx);
}
