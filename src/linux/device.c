// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kernel's device API where its signature differs from the driver core's
 * (src/bus): bus iteration from a start device, child iteration, sysfs groups
 * (accepted, recorded).  Children are found on the driver core's list of live
 * devices, in the order they were initialized, registered ones only.
 */
#include <linux/device.h>

#include "bus/core.h"
#include "linux/record.h"

struct iter {
	struct device *start;
	bool started;
	void *data;
	device_iter_t fn;
	const void *cdata;
	device_match_t match;
	struct device *found;
};

static int iter_fn(struct device *dev, void *p)
{
	struct iter *it = p;

	if (!it->started) {
		if (dev == it->start)
			it->started = true;
		return 0;
	}
	return it->fn(dev, it->data);
}

int linux_bus_for_each_dev(const struct bus_type *bus, struct device *start, void *data,
			   device_iter_t fn)
{
	struct iter it = { .start = start, .started = !start, .data = data, .fn = fn };

	return (bus_for_each_dev)((struct bus_type *)bus, &it, iter_fn);
}

static int match_fn(struct device *dev, void *p)
{
	struct iter *it = p;

	if (it->match(dev, it->cdata)) {
		it->found = get_device(dev);
		return 1;
	}
	return 0;
}

struct device *bus_find_device(const struct bus_type *bus, struct device *start, const void *data,
			       device_match_t match)
{
	struct iter it = { .cdata = data, .match = match };

	linux_bus_for_each_dev(bus, start, &it, match_fn);
	return it.found;
}

static int name_match(struct device *dev, const void *name)
{
	return !strcmp(dev_name(dev), name);
}

struct device *linux_bus_find_device_by_name(const struct bus_type *bus, struct device *start,
					     const char *name)
{
	return bus_find_device(bus, start, name, name_match);
}

/* The registered children of @parent, each held, in order; the caller puts them and frees. */
static struct device **children(struct device *parent, size_t *n)
{
	struct drv_core *core = drv_core();
	struct device *dev, **v;
	size_t i = 0;

	*n = 0;
	list_for_each_entry(dev, &core->live_devices, core_node)
		if (dev->parent == parent && dev->registered)
			(*n)++;
	v = sim_scratch_alloc(core->sim, (*n + 1) * sizeof(*v));
	list_for_each_entry(dev, &core->live_devices, core_node)
		if (dev->parent == parent && dev->registered)
			v[i++] = get_device(dev);
	return v;
}

static void put_children(struct device **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put_device(v[i]);
	sim_scratch_free(sim_current(), v);
}

int device_for_each_child(struct device *parent, void *data, device_iter_t fn)
{
	size_t n, i;
	struct device **v = children(parent, &n);
	int rc = 0;

	for (i = 0; i < n && !rc; i++)
		rc = fn(v[i], data);
	put_children(v, n);
	return rc;
}

int device_for_each_child_reverse(struct device *parent, void *data, device_iter_t fn)
{
	size_t n, i;
	struct device **v = children(parent, &n);
	int rc = 0;

	for (i = n; i > 0 && !rc; i--)
		rc = fn(v[i - 1], data);
	put_children(v, n);
	return rc;
}

int device_for_each_child_reverse_from(struct device *parent, struct device *from,
				       const void *data, device_match_t fn)
{
	size_t n, i;
	struct device **v = children(parent, &n);
	int rc = 0;
	bool on = !from;

	for (i = n; i > 0 && !rc; i--) {
		if (!on && v[i - 1] == from)
			on = true;
		if (on)
			rc = fn(v[i - 1], data);
	}
	put_children(v, n);
	return rc;
}

struct device *device_find_child(struct device *parent, const void *data, device_match_t match)
{
	size_t n, i;
	struct device **v = children(parent, &n);
	struct device *found = NULL;

	for (i = 0; i < n && !found; i++)
		if (match(v[i], data))
			found = get_device(v[i]);
	put_children(v, n);
	return found;
}

struct device *device_find_child_by_name(struct device *parent, const char *name)
{
	return device_find_child(parent, name, name_match);
}

static int any_match(struct device *dev, const void *unused)
{
	return 1;
}

struct device *device_find_any_child(struct device *parent)
{
	return device_find_child(parent, NULL, any_match);
}

int device_trylock(struct device *dev)
{
	return sim_mutex_trylock(sim_current(), &dev->mutex);
}

/* ---- sysfs of devices: recorded, there is no sysfs ---- */

static void record_group(struct device *dev, const char *ev, const struct attribute_group *grp)
{
	linux_compat_record(ev, dev_name(dev), grp && grp->name ? grp->name : "");
}

int device_add_group(struct device *dev, const struct attribute_group *grp)
{
	record_group(dev, "sysfs-group-add", grp);
	return 0;
}

void device_remove_group(struct device *dev, const struct attribute_group *grp)
{
	record_group(dev, "sysfs-group-remove", grp);
}

int device_add_groups(struct device *dev, const struct attribute_group **groups)
{
	for (; groups && *groups; groups++)
		device_add_group(dev, *groups);
	return 0;
}

void device_remove_groups(struct device *dev, const struct attribute_group **groups)
{
	for (; groups && *groups; groups++)
		device_remove_group(dev, *groups);
}

int devm_device_add_group(struct device *dev, const struct attribute_group *grp)
{
	return device_add_group(dev, grp);
}

int devm_device_add_groups(struct device *dev, const struct attribute_group **groups)
{
	return device_add_groups(dev, groups);
}

int device_create_file(struct device *dev, const struct device_attribute *attr)
{
	linux_compat_record("sysfs-file-add", dev_name(dev), attr->attr.name);
	return 0;
}

void device_remove_file(struct device *dev, const struct device_attribute *attr)
{
	linux_compat_record("sysfs-file-remove", dev_name(dev), attr->attr.name);
}

bool device_remove_file_self(struct device *dev, const struct device_attribute *attr)
{
	device_remove_file(dev, attr);
	return true;
}

int device_create_bin_file(struct device *dev, const struct bin_attribute *attr)
{
	linux_compat_record("sysfs-file-add", dev_name(dev), attr->attr.name);
	return 0;
}

void device_remove_bin_file(struct device *dev, const struct bin_attribute *attr)
{
	linux_compat_record("sysfs-file-remove", dev_name(dev), attr->attr.name);
}

int add_uevent_var(struct kobj_uevent_env *env, const char *format, ...)
{
	va_list ap;
	int len;

	if (env->envp_idx >= UEVENT_NUM_ENVP - 1)
		return -ENOMEM;
	va_start(ap, format);
	len = linux_vsnprintf(&env->buf[env->buflen], sizeof(env->buf) - env->buflen, format, ap);
	va_end(ap);
	if (len >= (int)sizeof(env->buf) - env->buflen)
		return -ENOMEM;
	env->envp[env->envp_idx++] = &env->buf[env->buflen];
	env->buflen += len + 1;
	return 0;
}

int kobject_uevent(struct kobject *kobj, enum kobject_action action)
{
	static const char *const names[] = { "add", "remove", "change", "move",
					     "online", "offline", "bind", "unbind" };

	linux_compat_record("uevent", dev_name(kobj_to_dev(kobj)), names[action]);
	return 0;
}

/*
 * The PCI bus exists, empty: every device of the mock platform is a platform
 * device (as in cxl_test), so dev_is_pci() is false for all of them.
 */
struct bus_type pci_bus_type = {
	.name = "pci",
};
