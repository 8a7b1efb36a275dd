// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * debugfs, absent as in a kernel built without it: every creation returns
 * ERR_PTR(-ENODEV), which debugfs's own calls accept as a parent or a
 * dentry to remove; each creation is recorded.
 */
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/errno.h>

#include "linux/record.h"

struct dentry *debugfs_create_dir(const char *name, struct dentry *parent)
{
	linux_compat_record("debugfs-dir", name, "");
	return ERR_PTR(-ENODEV);
}

struct dentry *debugfs_create_file(const char *name, umode_t mode, struct dentry *parent,
				   void *data, const struct file_operations *fops)
{
	linux_compat_record("debugfs-file", name, "");
	return ERR_PTR(-ENODEV);
}

void debugfs_create_bool(const char *name, umode_t mode, struct dentry *parent, bool *value)
{
	linux_compat_record("debugfs-file", name, "bool");
}

void debugfs_create_u32(const char *name, umode_t mode, struct dentry *parent, u32 *value)
{
	linux_compat_record("debugfs-file", name, "u32");
}

void debugfs_create_x32(const char *name, umode_t mode, struct dentry *parent, u32 *value)
{
	linux_compat_record("debugfs-file", name, "x32");
}

struct dentry *debugfs_create_devm_seqfile(struct device *dev, const char *name,
					   struct dentry *parent,
					   int (*read_fn)(struct seq_file *s, void *data))
{
	linux_compat_record("debugfs-file", name, "seq");
	return ERR_PTR(-ENODEV);
}

void debugfs_remove_recursive(struct dentry *dentry)
{
}
