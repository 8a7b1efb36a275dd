// SPDX-License-Identifier: LGPL-2.1-or-later
/* The device tree, drivers and modules as Graphviz DOT. */
#include <errno.h>

#include "bus/core.h"
#include "bus/dot.h"

/* A double-quoted DOT string: only '"' and '\' need escaping. */
static void put_quoted(FILE *f, const char *prefix, const char *str)
{
	fputc('"', f);
	for (; *prefix; prefix++)
		fputc(*prefix, f);
	for (; *str; str++) {
		if (*str == '"' || *str == '\\')
			fputc('\\', f);
		fputc(*str, f);
	}
	fputc('"', f);
}

static const char *bus_prefix(const struct device *dev)
{
	return dev->bus ? dev->bus->name : "device";
}

static void put_dev_id(struct sim *s, FILE *f, const struct device *dev)
{
	char prefix[64];

	snprintf(prefix, sizeof(prefix), "%s:", bus_prefix(dev));
	put_quoted(f, prefix, sim_str(s, dev->name_id));
}

static void put_drv_id(FILE *f, const struct device_driver *drv)
{
	char prefix[64];

	snprintf(prefix, sizeof(prefix), "driver:%s/", drv->bus->name);
	put_quoted(f, prefix, drv->name);
}

static void put_dev_node(struct sim *s, FILE *f, const char *indent, const struct device *dev)
{
	char label[256];
	const char *style;

	if (dev->driver && dev->registered) {
		snprintf(label, sizeof(label), "%s\\ndriver %s", sim_str(s, dev->name_id),
			 dev->driver->name);
		style = "style=filled, fillcolor=palegreen";
	} else if (!dev->registered) {
		snprintf(label, sizeof(label), "%s\\n(not registered)", sim_str(s, dev->name_id));
		style = "style=dashed";
	} else if (!list_empty(&dev->deferred_probe)) {
		snprintf(label, sizeof(label), "%s\\n(probe deferred)", sim_str(s, dev->name_id));
		style = "style=filled, fillcolor=lightyellow";
	} else {
		snprintf(label, sizeof(label), "%s", sim_str(s, dev->name_id));
		style = "style=solid";
	}
	fputs(indent, f);
	put_dev_id(s, f, dev);
	/* The label is built from names, which never hold a quote. */
	fprintf(f, " [label=\"%s\", %s];\n", label, style);
}

static bool on_shown_bus(const struct device *dev)
{
	return dev->bus && dev->bus->registered;
}

static void put_buses(struct drv_core *core, FILE *f)
{
	struct sim *s = core->sim;
	struct bus_type *bus;
	struct device *dev;
	struct device_driver *drv;

	list_for_each_entry(bus, &core->buses, node) {
		fputs("\tsubgraph ", f);
		put_quoted(f, "cluster_bus_", bus->name);
		fputs(" {\n\t\tlabel=", f);
		put_quoted(f, "bus ", bus->name);
		fputs(";\n\t\tstyle=rounded;\n", f);
		list_for_each_entry(dev, &core->live_devices, core_node)
			if (dev->bus == bus)
				put_dev_node(s, f, "\t\t", dev);
		list_for_each_entry(drv, &bus->drivers, bus_node) {
			fputs("\t\t", f);
			put_drv_id(f, drv);
			fputs(" [shape=component, label=", f);
			put_quoted(f, "", drv->name);
			fputs("];\n", f);
		}
		fputs("\t}\n", f);
	}
	list_for_each_entry(dev, &core->live_devices, core_node)
		if (!on_shown_bus(dev))
			put_dev_node(s, f, "\t", dev);
}

static const char *const state_names[] = {
	[MODULE_STATE_UNLOADED] = "not loaded",
	[MODULE_STATE_COMING] = "coming",
	[MODULE_STATE_LIVE] = "live",
	[MODULE_STATE_GOING] = "going",
};

static void put_modules(struct drv_core *core, FILE *f)
{
	struct module *mod;
	struct bus_type *bus;
	struct device_driver *drv;
	unsigned int i;

	fputs("\tsubgraph cluster_modules {\n\t\tlabel=\"modules\";\n\t\tstyle=dotted;\n", f);
	list_for_each_entry(mod, &core->modules, node) {
		fputs("\t\t", f);
		put_quoted(f, "module:", mod->desc->name);
		fprintf(f, " [shape=box3d, label=\"%s\\n%s, refcnt %d\"%s];\n", mod->desc->name,
			state_names[mod->state], mod->refcnt,
			mod->state == MODULE_STATE_UNLOADED ? ", style=dashed, fontcolor=gray" :
							      "");
	}
	fputs("\t}\n", f);
	list_for_each_entry(mod, &core->modules, node) {
		if (mod->state == MODULE_STATE_UNLOADED)
			continue;
		for (i = 0; i < mod->nr_deps; i++) {
			fputs("\t", f);
			put_quoted(f, "module:", mod->desc->name);
			fputs(" -> ", f);
			put_quoted(f, "module:", mod->deps[i]->desc->name);
			fputs(" [style=dashed, label=\"uses\"];\n", f);
		}
	}
	/* Ownership: the module a driver's code lives in (THIS_MODULE at registration). */
	list_for_each_entry(bus, &core->buses, node) {
		list_for_each_entry(drv, &bus->drivers, bus_node) {
			if (!drv->owner)
				continue;
			fputs("\t", f);
			put_quoted(f, "module:", drv->owner->desc->name);
			fputs(" -> ", f);
			put_drv_id(f, drv);
			fputs(" [style=dotted, arrowhead=none];\n", f);
		}
	}
}

static bool shown(struct drv_core *core, const struct device *dev)
{
	const struct device *pos;

	list_for_each_entry(pos, &core->live_devices, core_node)
		if (pos == dev)
			return true;
	return false;
}

int drv_core_write_dot(struct sim *s, FILE *f)
{
	struct drv_core *core = drv_core_of(s);
	struct device *dev;

	fputs("digraph cxlsim {\n\trankdir=LR;\n\tnode [shape=box, fontname=\"monospace\"];\n", f);
	if (core) {
		put_buses(core, f);
		list_for_each_entry(dev, &core->live_devices, core_node) {
			if (!dev->parent || !shown(core, dev->parent))
				continue;
			fputs("\t", f);
			put_dev_id(s, f, dev->parent);
			fputs(" -> ", f);
			put_dev_id(s, f, dev);
			fputs(";\n", f);
		}
		put_modules(core, f);
	}
	fputs("}\n", f);
	return ferror(f) ? -EIO : 0;
}
