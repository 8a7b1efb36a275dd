/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sysfs attributes as the CXL drivers declare them.  There is no sysfs: the
 * tables are compiled and kept, never shown; the few calls that would change
 * sysfs (links, group updates) are accepted and recorded in the trace.
 */
#ifndef _LINUX_COMPAT_SYSFS_H
#define _LINUX_COMPAT_SYSFS_H

#include <linux/types.h>
#include <linux/kobject.h>

struct device;
struct file;
struct kernfs_node;

struct attribute {
	const char *name;
	umode_t mode;
};

struct bin_attribute {
	struct attribute attr;
	size_t size;
	void *private;
	ssize_t (*read)(struct file *, struct kobject *, struct bin_attribute *, char *, loff_t,
			size_t);
	ssize_t (*write)(struct file *, struct kobject *, struct bin_attribute *, char *, loff_t,
			 size_t);
};

struct attribute_group {
	const char *name;
	umode_t (*is_visible)(struct kobject *, struct attribute *, int);
	umode_t (*is_bin_visible)(struct kobject *, struct bin_attribute *, int);
	struct attribute **attrs;
	struct bin_attribute **bin_attrs;
};

struct device_attribute {
	struct attribute attr;
	ssize_t (*show)(struct device *dev, struct device_attribute *attr, char *buf);
	ssize_t (*store)(struct device *dev, struct device_attribute *attr, const char *buf,
			 size_t count);
};

#define __ATTR(_name, _mode, _show, _store)                                                 \
	{                                                                                   \
		.attr = { .name = __stringify(_name), .mode = (_mode) },                    \
		.show = _show, .store = _store,                                             \
	}
#define __ATTR_RO(_name) __ATTR(_name, 0444, _name##_show, NULL)
#define __ATTR_RO_MODE(_name, _mode) __ATTR(_name, _mode, _name##_show, NULL)
#define __ATTR_WO(_name) __ATTR(_name, 0200, NULL, _name##_store)
#define __ATTR_RW(_name) __ATTR(_name, 0644, _name##_show, _name##_store)
#define __ATTR_RW_MODE(_name, _mode) __ATTR(_name, _mode, _name##_show, _name##_store)
#define __ATTR_NULL { .attr = { .name = NULL } }

#define DEVICE_ATTR(_name, _mode, _show, _store)                                            \
	struct device_attribute dev_attr_##_name = __ATTR(_name, _mode, _show, _store)
#define DEVICE_ATTR_RO(_name) struct device_attribute dev_attr_##_name = __ATTR_RO(_name)
#define DEVICE_ATTR_WO(_name) struct device_attribute dev_attr_##_name = __ATTR_WO(_name)
#define DEVICE_ATTR_RW(_name) struct device_attribute dev_attr_##_name = __ATTR_RW(_name)
#define DEVICE_ATTR_ADMIN_RO(_name)                                                         \
	struct device_attribute dev_attr_##_name = __ATTR_RO_MODE(_name, 0400)
#define DEVICE_ATTR_ADMIN_RW(_name)                                                         \
	struct device_attribute dev_attr_##_name = __ATTR_RW_MODE(_name, 0600)

#define __BIN_ATTR(_name, _mode, _read, _write, _size)                                      \
	{                                                                                   \
		.attr = { .name = __stringify(_name), .mode = (_mode) },                    \
		.read = _read, .write = _write, .size = _size,                              \
	}
#define __BIN_ATTR_RO(_name, _size) __BIN_ATTR(_name, 0444, _name##_read, NULL, _size)
#define __BIN_ATTR_ADMIN_RO(_name, _size) __BIN_ATTR(_name, 0400, _name##_read, NULL, _size)
#define BIN_ATTR_RO(_name, _size) struct bin_attribute bin_attr_##_name = __BIN_ATTR_RO(_name, _size)
#define BIN_ATTR_ADMIN_RO(_name, _size)                                                     \
	struct bin_attribute bin_attr_##_name = __BIN_ATTR_ADMIN_RO(_name, _size)

#define __ATTRIBUTE_GROUPS(_name)                                                           \
	static const struct attribute_group *_name##_groups[] = {                           \
		&_name##_group,                                                             \
		NULL,                                                                       \
	}
#define ATTRIBUTE_GROUPS(_name)                                                             \
	static const struct attribute_group _name##_group = {                               \
		.attrs = _name##_attrs,                                                     \
	};                                                                                  \
	__ATTRIBUTE_GROUPS(_name)

#define SYSFS_PREALLOC 010000

/* Format into a sysfs page (PAGE_SIZE bytes); returns the length written. */
int sysfs_emit(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int sysfs_emit_at(char *buf, int at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Equal strings, a trailing newline on either side ignored. */
bool sysfs_streq(const char *s1, const char *s2);

int sysfs_create_link(struct kobject *kobj, struct kobject *target, const char *name);
void sysfs_remove_link(struct kobject *kobj, const char *name);
int sysfs_update_group(struct kobject *kobj, const struct attribute_group *grp);
int sysfs_create_group(struct kobject *kobj, const struct attribute_group *grp);
void sysfs_remove_group(struct kobject *kobj, const struct attribute_group *grp);
/* Directory entries do not exist here: left to the unimplemented-symbol stubs. */
struct kernfs_node *sysfs_get_dirent(struct kernfs_node *parent, const char *name);
void sysfs_put(struct kernfs_node *kn);
void sysfs_notify_dirent(struct kernfs_node *kn);
void sysfs_notify(struct kobject *kobj, const char *dir, const char *attr);

#endif /* _LINUX_COMPAT_SYSFS_H */
