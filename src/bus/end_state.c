// SPDX-License-Identifier: LGPL-2.1-or-later
/* The driver core's part of a run's end state (bus/end_state.h). */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bus/core.h"
#include "bus/devres.h"
#include "bus/end_state.h"

void end_state_add(struct sim_strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	if (sb->len)
		sim_strbuf_puts(sb, "; ");
	va_start(ap, fmt);
	sim_strbuf_vprintf(sb, fmt, ap);
	va_end(ap);
}

/* Add @text, malloc'd, to @l; NULL (it could not be made) marks @l failed. */
static void sorted_take(struct end_state_sorted *l, char *text)
{
	if (text && l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		char **v = realloc(l->v, cap * sizeof(*v));

		if (v) {
			l->v = v;
			l->cap = cap;
		}
	}
	if (!text || l->n == l->cap) {
		l->failed = true;
		free(text);
		return;
	}
	l->v[l->n++] = text;
}

void end_state_sorted_add(struct end_state_sorted *l, const char *fmt, ...)
{
	struct sim_strbuf text = SIM_STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sim_strbuf_vprintf(&text, fmt, ap);
	va_end(ap);
	sorted_take(l, sim_strbuf_detach(&text));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void end_state_sorted_write(struct end_state_sorted *l, struct sim_strbuf *sb)
{
	size_t i;

	if (l->failed)
		sb->overflow = true;
	if (l->n)
		qsort(l->v, l->n, sizeof(*l->v), cmp_str);
	for (i = 0; i < l->n; i++) {
		end_state_add(sb, "%s", l->v[i]);
		free(l->v[i]);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* "bus NAME drivers=A,B": the drivers registered on it, by name. */
static char *bus_record(const struct bus_type *bus)
{
	struct sim_strbuf line = SIM_STRBUF_INIT;
	const struct device_driver *drv;
	const char **names;
	size_t n = 0, i;

	list_for_each_entry(drv, &bus->drivers, bus_node)
		n++;
	names = malloc((n ? n : 1) * sizeof(*names));
	if (!names)
		return NULL;
	n = 0;
	list_for_each_entry(drv, &bus->drivers, bus_node)
		names[n++] = drv->name;
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	sim_strbuf_printf(&line, "bus %s drivers=", bus->name);
	for (i = 0; i < n; i++)
		sim_strbuf_printf(&line, "%s%s", i ? "," : "", names[i]);
	if (!n)
		sim_strbuf_puts(&line, "-");
	free(names);
	return sim_strbuf_detach(&line);
}

static void write_buses(struct drv_core *core, struct sim_strbuf *sb)
{
	struct end_state_sorted buses = { 0 };
	const struct bus_type *bus;

	list_for_each_entry(bus, &core->buses, node)
		sorted_take(&buses, bus_record(bus));
	end_state_sorted_write(&buses, sb);
}

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(const void *const *)a;
	uintptr_t y = (uintptr_t)*(const void *const *)b;

	return x < y ? -1 : x > y;
}

/*
 * A parent by name while it is alive.  A registered device holds its parent,
 * so a released one is a refcounting bug, and it is only said to be released:
 * which name a released address maps to is not kept reliably.
 */
static const char *parent_name(struct sim *s, const struct device *dev,
			       const struct device *const *live, size_t n)
{
	const struct device *parent = dev->parent;

	if (!parent)
		return "-";
	if (!bsearch(&parent, live, n, sizeof(*live), cmp_ptr))
		return "(released)";
	return sim_str(s, parent->name_id);
}

static const char *dev_state(const struct device *dev)
{
	if (dev->registered)
		return dev->dead ? "deleting" : "registered";
	return dev->dead ? "deleted" : "initialized";
}

static void write_devices(struct drv_core *core, struct sim_strbuf *sb)
{
	struct sim *s = core->sim;
	struct end_state_sorted devs = { 0 };
	const struct device **live;
	struct device *dev;
	size_t n = 0;

	list_for_each_entry(dev, &core->live_devices, core_node)
		n++;
	live = malloc((n ? n : 1) * sizeof(*live));
	if (!live) {
		sb->overflow = true;
		return;
	}
	n = 0;
	list_for_each_entry(dev, &core->live_devices, core_node)
		live[n++] = dev;
	/* Addresses only to look parents up: they never reach the text. */
	if (n)
		qsort(live, n, sizeof(*live), cmp_ptr);
	list_for_each_entry(dev, &core->live_devices, core_node)
		end_state_sorted_add(&devs,
				     "dev %s bus=%s parent=%s driver=%s state=%s refs=%d devres=%zu "
				     "deferred=%d",
				     sim_str(s, dev->name_id), dev->bus ? dev->bus->name : "-",
				     parent_name(s, dev, live, n),
				     dev->driver ? dev->driver->name : "-", dev_state(dev),
				     dev->refcount, __devres_count(dev),
				     !list_empty(&dev->deferred_probe));
	free(live);
	end_state_sorted_write(&devs, sb);
}

static const char *const module_states[] = {
	[MODULE_STATE_UNLOADED] = "unloaded",
	[MODULE_STATE_COMING] = "coming",
	[MODULE_STATE_LIVE] = "live",
	[MODULE_STATE_GOING] = "going",
};

static void write_modules(struct drv_core *core, struct sim_strbuf *sb)
{
	struct end_state_sorted mods = { 0 };
	struct module *mod;

	list_for_each_entry(mod, &core->modules, node)
		end_state_sorted_add(&mods, "module %s state=%s refcnt=%d%s", mod->desc->name,
				     module_states[mod->state], mod->refcnt,
				     mod->builtin ? " builtin" : "");
	end_state_sorted_write(&mods, sb);
}

void drv_core_write_state(struct sim *s, struct sim_strbuf *sb)
{
	struct drv_core *core = drv_core_of(s);

	if (!core)
		return;
	end_state_add(sb, "core probe_count=%u deferred_probe_enable=%d "
		      "deferred_probe_timeout_expired=%d",
		      core->probe_count.count, core->driver_deferred_probe_enable,
		      core->deferred_probe_timeout_expired);
	write_buses(core, sb);
	write_devices(core, sb);
	write_modules(core, sb);
}
