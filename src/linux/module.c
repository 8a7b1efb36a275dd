// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * From a kernel image's modinfo records (the "linux_modinfo" section that
 * module_init(), EXPORT_SYMBOL() and friends fill) and its generated module
 * table to the driver core's struct module_desc: what modprobe, rmmod, udev
 * autoload and depmod (src/bus/module.c) work on.  Device tables become the
 * aliases udev matches a uevent's MODALIAS against.  The descriptions are
 * built once per image and kept for the process (outside the image, whose
 * data every run restores): they never change.
 */
#include <linux/module.h>
#include <linux/mod_devicetable.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <stdarg.h>
#include <stdlib.h>

#include "linux/kimage.h"

extern struct linux_modinfo __start_linux_modinfo[] __attribute__((weak, visibility("hidden")));
extern struct linux_modinfo __stop_linux_modinfo[] __attribute__((weak, visibility("hidden")));

/* A growing NULL-terminated string array in host memory. */
struct strv {
	const char **v;
	size_t n;
};

static void strv_add(struct strv *sv, const char *s)
{
	const char **v = realloc(sv->v, (sv->n + 2) * sizeof(*v));

	if (!v)
		abort();
	v[sv->n++] = s;
	v[sv->n] = NULL;
	sv->v = v;
}

static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	return s;
}

static void add_table_aliases(struct strv *aliases, const char *bus, const void *table)
{
	if (!strcmp(bus, "platform")) {
		for (const struct platform_device_id *id = table; id->name[0]; id++)
			strv_add(aliases, xasprintf("platform:%s", id->name));
	} else if (!strcmp(bus, "acpi")) {
		for (const struct acpi_device_id *id = table; id->id[0]; id++)
			strv_add(aliases, xasprintf("acpi*:%s:*", (const char *)id->id));
	}
	/* Other buses (pci...) have no devices here: their tables match nothing. */
}

/* "pre: a b post: c" -> the pre modules. */
static void add_softdeps(struct strv *pre, const char *spec)
{
	char *copy = strdup(spec), *save = NULL, *tok;
	bool in_pre = false;

	if (!copy)
		abort();
	for (tok = strtok_r(copy, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		if (!strcmp(tok, "pre:"))
			in_pre = true;
		else if (!strcmp(tok, "post:"))
			in_pre = false;
		else if (in_pre)
			strv_add(pre, strdup(tok));
	}
	free(copy);
}

static struct module_desc *build_one(const struct linux_kimage_module *km)
{
	struct module_desc *d = calloc(1, sizeof(*d));
	struct strv exports = { 0 }, aliases = { 0 }, pre = { 0 };

	if (!d)
		abort();
	d->name = km->name;
	d->uses = km->uses;
	d->storage = km->storage;
	for (struct linux_modinfo *mi = __start_linux_modinfo; mi && mi < __stop_linux_modinfo;
	     mi++) {
		if (strcmp(mi->mod, km->name))
			continue;
		switch (mi->kind) {
		case LINUX_MI_INIT:
			d->init = mi->init;
			break;
		case LINUX_MI_EXIT:
			d->exit = mi->exit;
			break;
		case LINUX_MI_EXPORT:
			strv_add(&exports, mi->str);
			break;
		case LINUX_MI_ALIAS:
			strv_add(&aliases, mi->str);
			break;
		case LINUX_MI_SOFTDEP:
			add_softdeps(&pre, mi->str);
			break;
		case LINUX_MI_DEVTABLE:
			add_table_aliases(&aliases, mi->str, mi->table);
			break;
		case LINUX_MI_PARAM:
			break;
		}
	}
	strv_add(&exports, NULL);
	exports.n--;
	d->exports = exports.v;
	d->aliases = aliases.v;
	d->softdep_pre = pre.v;
	return d;
}

static const void *build_image(const void *key)
{
	const struct linux_kimage *img = key;
	struct module_desc **descs = calloc(img->nr_mods + 1, sizeof(*descs));

	if (!descs)
		abort();
	for (size_t m = 0; m < img->nr_mods; m++)
		descs[m] = build_one(&img->mods[m]);
	return descs;
}

const struct module_desc *const *linux_kimage_modules(const struct linux_kimage *img, size_t *n)
{
	*n = img->nr_mods;
	return linux_kimage_once(img, build_image);
}

int __linux_request_module(bool wait, const char *fmt, ...)
{
	char name[64];
	va_list ap;

	va_start(ap, fmt);
	linux_vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	if (!wait)
		return modprobe(name) < 0 ? -ENOENT : 0;
	return (request_module)(name);
}
