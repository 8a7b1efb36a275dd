// SPDX-License-Identifier: LGPL-2.1-or-later
/* What the shell shows of the paused machine: lsmod, ls /sys/bus/..., tree, tasks. */
#include <stdlib.h>
#include <string.h>

#include "bus/core.h"
#include "cxlsim.h"
#include "shell.h"

static const char *const state_names[] = {
	[MODULE_STATE_UNLOADED] = "unloaded",
	[MODULE_STATE_COMING] = "coming",
	[MODULE_STATE_LIVE] = "live",
	[MODULE_STATE_GOING] = "going",
};

void shell_lsmod(struct sim *s, FILE *f)
{
	struct drv_core *core = drv_core_of(s);
	struct module *mod, *other;
	bool builtin = false;
	unsigned int i;

	fprintf(f, "%-16s %-8s %s\n", "Module", "State", "Used by");
	list_for_each_entry(mod, &core->modules, node) {
		bool any = false;

		/* /proc/modules lists no built-in module. */
		builtin |= mod->builtin;
		if (mod->state == MODULE_STATE_UNLOADED || mod->builtin)
			continue;
		fprintf(f, "%-16s %-8s ", mod->desc->name, state_names[mod->state]);
		list_for_each_entry(other, &core->modules, node) {
			if (other->state == MODULE_STATE_UNLOADED)
				continue;
			for (i = 0; i < other->nr_deps; i++) {
				if (other->deps[i] != mod)
					continue;
				fprintf(f, "%s%s", any ? "," : "", other->desc->name);
				any = true;
			}
		}
		fprintf(f, "%s\n", any ? "" : "-");
	}
	if (!builtin)
		return;
	fprintf(f, "built in (not listed by lsmod):");
	list_for_each_entry(mod, &core->modules, node)
		if (mod->builtin)
			fprintf(f, " %s", mod->desc->name);
	fprintf(f, "\n");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Names sorted, as ls sorts them, on lines of at most 80 columns. */
static void print_names(const char **names, size_t n, FILE *f)
{
	size_t i, col = 0;

	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		size_t len = strlen(names[i]);

		if (col && col + 2 + len > 80) {
			fputc('\n', f);
			col = 0;
		}
		fprintf(f, "%s%s", col ? "  " : "", names[i]);
		col += (col ? 2 : 0) + len;
	}
	if (col)
		fputc('\n', f);
}

struct names {
	const char **v;
	size_t n, cap;
};

static void names_add(struct names *nm, const char *name)
{
	if (nm->n == nm->cap) {
		nm->cap = nm->cap ? 2 * nm->cap : 32;
		nm->v = realloc(nm->v, nm->cap * sizeof(*nm->v));
		if (!nm->v)
			abort();
	}
	nm->v[nm->n++] = name;
}

static struct bus_type *find_bus(struct drv_core *core, const char *name, size_t len)
{
	struct bus_type *bus;

	list_for_each_entry(bus, &core->buses, node)
		if (bus->registered && strlen(bus->name) == len && !strncmp(bus->name, name, len))
			return bus;
	return NULL;
}

static struct device_driver *find_driver(struct bus_type *bus, const char *name)
{
	struct device_driver *drv;

	list_for_each_entry(drv, &bus->drivers, bus_node)
		if (!strcmp(drv->name, name))
			return drv;
	return NULL;
}

/* /sys/bus, /sys/bus/B, /sys/bus/B/devices, /sys/bus/B/drivers, /sys/bus/B/drivers/D */
int shell_ls(struct sim *s, const char *path, FILE *f, char *err, size_t errlen)
{
	struct drv_core *core = drv_core_of(s);
	struct names nm = { 0 };
	struct bus_type *bus = NULL;
	struct device_driver *drv;
	struct device *dev;
	const char *p = path, *rest;
	size_t len;

	if (strncmp(p, "/sys/bus", 8) || (p[8] && p[8] != '/'))
		goto missing;
	p += 8;
	while (*p == '/')
		p++;
	if (!*p) {
		list_for_each_entry(bus, &core->buses, node)
			if (bus->registered)
				names_add(&nm, bus->name);
		goto print;
	}
	len = strcspn(p, "/");
	bus = find_bus(core, p, len);
	if (!bus)
		goto missing;
	rest = p + len;
	while (*rest == '/')
		rest++;
	if (!*rest) {
		names_add(&nm, "devices");
		names_add(&nm, "drivers");
	} else if (!strcmp(rest, "devices") || !strcmp(rest, "devices/")) {
		list_for_each_entry(dev, &bus->devices, bus_node)
			names_add(&nm, sim_str(s, dev->name_id));
	} else if (!strcmp(rest, "drivers") || !strcmp(rest, "drivers/")) {
		list_for_each_entry(drv, &bus->drivers, bus_node)
			names_add(&nm, drv->name);
	} else if (!strncmp(rest, "drivers/", 8)) {
		char name[64];

		snprintf(name, sizeof(name), "%.*s", (int)strcspn(rest + 8, "/"), rest + 8);
		drv = find_driver(bus, name);
		if (!drv || (rest[8 + strlen(name)] && strcmp(rest + 8 + strlen(name), "/")))
			goto missing;
		names_add(&nm, "bind");
		names_add(&nm, "unbind");
		list_for_each_entry(dev, &bus->devices, bus_node)
			if (dev->driver == drv)
				names_add(&nm, sim_str(s, dev->name_id));
	} else {
		goto missing;
	}
print:
	print_names(nm.v, nm.n, f);
	free(nm.v);
	return 0;
missing:
	snprintf(err, errlen, "ls: cannot access '%s': No such file or directory", path);
	return -1;
}

static void tree_node(struct sim *s, struct drv_core *core, struct device *parent,
		      unsigned int depth, FILE *f)
{
	struct device *dev;

	list_for_each_entry(dev, &core->live_devices, core_node) {
		if (dev->parent != parent || dev->magic != DEVICE_MAGIC)
			continue;
		fprintf(f, "%*s%s", (int)depth * 2, "", sim_str(s, dev->name_id));
		if (dev->bus)
			fprintf(f, " [%s]", dev->bus->name);
		if (dev->driver)
			fprintf(f, " %s", dev->driver->name);
		if (dev->dead)
			fprintf(f, " (deleted)");
		fputc('\n', f);
		if (depth < 32)
			tree_node(s, core, dev, depth + 1, f);
	}
}

void shell_tree(struct sim *s, FILE *f)
{
	tree_node(s, drv_core_of(s), NULL, 0, f);
}

static const char *task_label(struct shell_machine *m, struct sim_task *t)
{
	struct cxl_shell *sh = shell_sh(m);

	if (sh && sim_task_id(t) == sh->task)
		return "  (the shell: types your next command)";
	return "";
}

long shell_runnable_index(struct shell_machine *m, uint64_t task)
{
	const struct sim_choice *c = m->pending;
	unsigned int i;

	for (i = 0; c && c->kind == SIM_CHOICE_SCHED && i < c->n; i++)
		if (sim_task_id(c->cand[i]) == task)
			return (long)i;
	return -1;
}

void shell_tasks(struct shell_machine *m, FILE *f)
{
	const struct sim_choice *c = m->pending;
	struct sim *s = m->s;
	size_t i, n = sim_task_count(s);
	bool any = false;

	if (m->finished) {
		fprintf(f, "the machine has stopped\n");
		return;
	}
	if (shell_machine_idle(m)) {
		fprintf(f, "nothing runnable: the machine waits for a command\n");
	} else if (c && c->kind == SIM_CHOICE_SCHED) {
		fprintf(f, "runnable (choose N runs task [N] next):\n");
		for (i = 0; i < c->n; i++) {
			struct sim_task *t = c->cand[i];

			fprintf(f, "  [%u] %s%s%s\n", sim_task_id(t), sim_task_name(t),
				c->preemption && !i ? "  (running)" : "",
				task_label(m, t));
		}
	}
	for (i = 0; i < n; i++) {
		struct sim_task *t = sim_task_at(s, i);
		const char *why = sim_task_wait_reason(t);

		if (sim_task_state(t) != SIM_TASK_BLOCKED)
			continue;
		if (!any)
			fprintf(f, "blocked:\n");
		any = true;
		fprintf(f, "  [%u] %s: waits on %s %s\n", sim_task_id(t), sim_task_name(t),
			why ? why : "?", sim_str(s, sim_task_wait_obj(t)));
	}
}
