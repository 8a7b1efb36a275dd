// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sysfs as the CXL drivers call it.  The formatting helpers behave as the
 * kernel's (a page-sized buffer, the length written); the calls that would
 * change the sysfs tree only record what they would have done.
 */
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/sysfs.h>
#include <linux/string.h>

#include "linux/record.h"

#ifndef PAGE_SIZE
#define PAGE_SIZE 4096
#endif

int sysfs_emit(char *buf, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vscnprintf(buf, PAGE_SIZE, fmt, args);
	va_end(args);
	return len;
}

int sysfs_emit_at(char *buf, int at, const char *fmt, ...)
{
	va_list args;
	int len;

	if (at < 0 || (size_t)at >= PAGE_SIZE)
		return 0;
	va_start(args, fmt);
	len = vscnprintf(buf + at, PAGE_SIZE - at, fmt, args);
	va_end(args);
	return len;
}

bool sysfs_streq(const char *s1, const char *s2)
{
	while (*s1 && *s1 == *s2) {
		s1++;
		s2++;
	}
	if (*s1 == *s2)
		return true;
	if (!*s1 && *s2 == '\n' && !s2[1])
		return true;
	if (*s1 == '\n' && !s1[1] && !*s2)
		return true;
	return false;
}

/* Every kobject the CXL code hands sysfs is a device's (&dev->kobj). */
static const char *kobj_name(struct kobject *kobj)
{
	if (!kobj)
		return "-";
	return kobj->name ? kobj->name : dev_name(kobj_to_dev(kobj));
}

int sysfs_create_link(struct kobject *kobj, struct kobject *target, const char *name)
{
	linux_compat_record("sysfs-link", kobj_name(kobj), name);
	return 0;
}

void sysfs_remove_link(struct kobject *kobj, const char *name)
{
	linux_compat_record("sysfs-unlink", kobj_name(kobj), name);
}

int sysfs_update_group(struct kobject *kobj, const struct attribute_group *grp)
{
	linux_compat_record("sysfs-update-group", kobj_name(kobj), grp->name ? grp->name : "");
	return 0;
}

int sysfs_create_group(struct kobject *kobj, const struct attribute_group *grp)
{
	linux_compat_record("sysfs-create-group", kobj_name(kobj), grp->name ? grp->name : "");
	return 0;
}

void sysfs_remove_group(struct kobject *kobj, const struct attribute_group *grp)
{
	linux_compat_record("sysfs-remove-group", kobj_name(kobj), grp->name ? grp->name : "");
}

void sysfs_notify(struct kobject *kobj, const char *dir, const char *attr)
{
	linux_compat_record("sysfs-notify", kobj_name(kobj), attr);
}
