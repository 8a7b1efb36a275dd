// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * custom-bus: a bus of your own on the simulated driver core.
 *
 * The "toy" bus matches a device to the driver named after the device's
 * kind ("toy_" + kind), and its uevents carry MODALIAS=toy:KIND so udev
 * loads the module whose alias matches.  A "host0" device appears; udev
 * loads toy_host for it; toy_host's probe creates a child, "widget0", whose
 * driver lives in another module, toy_widget, loaded by then.
 *
 * Is widget0 probed inside the host's device_add() (synchronous probe) or
 * later, in an async task (asynchronous probe)?  That is toy_widget's probe
 * type: we run both over many schedules and read the answer from the trace.
 * Unbinding the host removes the child through a devres action, and the
 * child's release callback runs when its last reference goes.
 */
#include <stdio.h>
#include <string.h>

#include <cxlsim/cxlsim.h>

#define RUNS 50

struct toy;

/* What a toy device carries: its kind, and the example's state. */
struct toy_dev {
	const char *kind;
	struct toy *toy;
};

struct toy {
	unsigned int widget_probe_type; /* enum cxlsim_probe_type of toy_widget */
	struct cxlsim_driver *host_drv, *widget_drv;
	struct toy_dev host_data, widget_data;
	bool bound_on_return; /* widget0 bound when its device_add() returned */
	int releases;
};

static struct toy_dev *toy_dev(struct cxlsim_device *dev)
{
	return cxlsim_device_data(dev);
}

static int toy_match(struct cxlsim_device *dev, struct cxlsim_driver *drv)
{
	return !strncmp(cxlsim_driver_name(drv), "toy_", 4) &&
	       !strcmp(cxlsim_driver_name(drv) + 4, toy_dev(dev)->kind);
}

static const char *toy_modalias(struct cxlsim_device *dev, char *buf, size_t len)
{
	snprintf(buf, len, "toy:%s", toy_dev(dev)->kind);
	return buf;
}

static const struct cxlsim_bus_ops toy_bus_ops = {
	.size = sizeof(toy_bus_ops),
	.name = "toy",
	.match = toy_match,
	.modalias = toy_modalias,
};

static void toy_release(struct cxlsim_device *dev)
{
	toy_dev(dev)->toy->releases++;
}

/* ---- toy_widget: the child's driver, in a module of its own ---- */

static const struct cxlsim_driver_ops widget_sync_ops = {
	.size = sizeof(widget_sync_ops),
	.name = "toy_widget",
	.probe_type = CXLSIM_PROBE_FORCE_SYNC,
};

static const struct cxlsim_driver_ops widget_async_ops = {
	.size = sizeof(widget_async_ops),
	.name = "toy_widget",
	.probe_type = CXLSIM_PROBE_PREFER_ASYNC,
};

static int widget_init(struct cxlsim_ctx *ctx, void *priv)
{
	struct toy *t = priv;

	return cxlsim_driver_register(&t->widget_drv, cxlsim_bus_find(ctx, "toy"),
				      t->widget_probe_type == CXLSIM_PROBE_FORCE_SYNC ?
					      &widget_sync_ops :
					      &widget_async_ops);
}

static void widget_exit(struct cxlsim_ctx *ctx, void *priv)
{
	(void)ctx;
	cxlsim_driver_unregister(((struct toy *)priv)->widget_drv);
}

/* ---- toy_host: the parent's driver; its probe creates the child ---- */

static void unregister_child(void *child)
{
	cxlsim_device_del(child);
	cxlsim_device_unref(child);
}

static int host_probe(struct cxlsim_device *host)
{
	struct toy *t = toy_dev(host)->toy;
	struct cxlsim_device_info info = {
		.size = sizeof(info),
		.name = "widget0",
		.bus = cxlsim_device_bus(host),
		.parent = host,
		.release = toy_release,
		.data = &t->widget_data,
	};
	struct cxlsim_device *child;
	int ret;

	ret = cxlsim_device_new(&child, cxlsim_ctx_current(), &info);
	if (ret)
		return ret;
	ret = cxlsim_device_add(child);
	if (ret) {
		cxlsim_device_unref(child);
		return ret;
	}
	t->bound_on_return = cxlsim_device_driver(child) != NULL;
	/* The child goes when the host unbinds, or now if this fails. */
	return cxlsim_devm_add_action_or_reset(host, unregister_child, child, "unregister_child");
}

static const struct cxlsim_driver_ops host_ops = {
	.size = sizeof(host_ops),
	.name = "toy_host",
	.probe = host_probe,
};

static int host_init(struct cxlsim_ctx *ctx, void *priv)
{
	return cxlsim_driver_register(&((struct toy *)priv)->host_drv, cxlsim_bus_find(ctx, "toy"),
				      &host_ops);
}

static void host_exit(struct cxlsim_ctx *ctx, void *priv)
{
	(void)ctx;
	cxlsim_driver_unregister(((struct toy *)priv)->host_drv);
}

static const char *const host_aliases[] = { "toy:host", NULL };
static const char *const widget_aliases[] = { "toy:widget", NULL };

/* ---- the machine: boot registers the bus and plugs the host in ---- */

static void boot(struct cxlsim_ctx *ctx, void *arg)
{
	struct toy *t = arg;
	struct cxlsim_device_info info = {
		.size = sizeof(info),
		.name = "host0",
		.release = toy_release,
		.data = &t->host_data,
	};
	struct cxlsim_device *host;
	struct cxlsim_bus *bus;

	t->bound_on_return = false;
	t->releases = 0;
	if (cxlsim_bus_register(&bus, ctx, &toy_bus_ops))
		return;
	cxlsim_modprobe(ctx, "toy_widget");
	info.bus = bus;
	if (cxlsim_device_new(&host, ctx, &info))
		return;
	/* udev loads toy_host for host0's uevent, in a task of its own. */
	if (cxlsim_device_add(host)) {
		cxlsim_device_unref(host);
		return;
	}
	cxlsim_request_module(ctx, "toy_host");
	cxlsim_wait_for_device_probe(ctx);
	/* echo host0 > /sys/bus/toy/drivers/toy_host/unbind: widget0 goes with it. */
	cxlsim_driver_unbind(t->host_drv, "host0");
	cxlsim_device_del(host);
	cxlsim_device_unref(host);
	/* Take down what this run set up: the modules' exits unregister their drivers. */
	cxlsim_rmmod(ctx, "toy_host");
	cxlsim_rmmod(ctx, "toy_widget");
	cxlsim_bus_unregister(bus);
}

/* In which task was @what of widget0 recorded? */
static const char *widget_task(struct cxlsim_ctx *ctx, const char *what)
{
	struct cxlsim_event ev = { .size = sizeof(ev) };
	size_t i;

	for (i = 0; !cxlsim_ctx_trace_event(ctx, i, &ev); i++)
		if (!strcmp(ev.name, what) && !strcmp(ev.object, "widget0"))
			return ev.task;
	return NULL;
}

static int run_all(struct cxlsim_ctx *ctx, struct toy *t, const char *label)
{
	int seed, same_task = 0, on_return = 0, released = 0;

	for (seed = 0; seed < RUNS; seed++) {
		const char *added, *probed;

		cxlsim_ctx_set_random(ctx, (uint64_t)seed);
		if (cxlsim_ctx_run(ctx, boot, t))
			return -1;
		if (cxlsim_ctx_violation_count(ctx)) {
			const char *prop, *msg;

			cxlsim_ctx_violation(ctx, 0, &prop, &msg);
			printf("%s: seed %d violates %s: %s\n", label, seed, prop, msg);
			return -1;
		}
		added = widget_task(ctx, "device-add");
		probed = widget_task(ctx, "probe");
		if (added && probed && !strcmp(added, probed))
			same_task++;
		on_return += t->bound_on_return;
		released += t->releases == 2;
		if (seed == 0)
			printf("%s: widget0 added by \"%s\", probed by \"%s\"\n", label, added,
			       probed);
	}
	printf("%s: probed in the task that added it in %d/%d runs, bound when device_add "
	       "returned in %d/%d\n",
	       label, same_task, RUNS, on_return, RUNS);
	printf("%s: host0 and widget0 released in %d/%d runs\n", label, released, RUNS);
	return 0;
}

int main(void)
{
	struct toy t = { 0 };
	const struct cxlsim_module_info mods[] = {
		{ .size = sizeof(mods[0]),
		  .name = "toy_host",
		  .init = host_init,
		  .exit = host_exit,
		  .priv = &t,
		  .aliases = host_aliases },
		{ .size = sizeof(mods[0]),
		  .name = "toy_widget",
		  .init = widget_init,
		  .exit = widget_exit,
		  .priv = &t,
		  .aliases = widget_aliases },
	};
	struct cxlsim_ctx *ctx;
	size_t i;
	int ret;

	t.host_data = (struct toy_dev){ "host", &t };
	t.widget_data = (struct toy_dev){ "widget", &t };
	ret = cxlsim_ctx_new(&ctx, NULL);
	for (i = 0; !ret && i < sizeof(mods) / sizeof(mods[0]); i++)
		ret = cxlsim_module_add(ctx, &mods[i]);
	if (ret) {
		fprintf(stderr, "custom-bus: %s\n", cxlsim_strerror(ret));
		return 1;
	}
	t.widget_probe_type = CXLSIM_PROBE_FORCE_SYNC;
	ret = run_all(ctx, &t, "sync");
	t.widget_probe_type = CXLSIM_PROBE_PREFER_ASYNC;
	if (!ret)
		ret = run_all(ctx, &t, "async");
	cxlsim_ctx_free(ctx);
	return ret ? 1 : 0;
}
