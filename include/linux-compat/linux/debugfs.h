/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * debugfs.  There is no debugfs here, as in a kernel built without it:
 * creating a directory or a file returns ERR_PTR(-ENODEV), which every
 * debugfs call accepts, and the creation is recorded in the trace.  The
 * file_operations are compiled, never called.
 */
#ifndef _LINUX_COMPAT_DEBUGFS_H
#define _LINUX_COMPAT_DEBUGFS_H

#include <linux/types.h>
#include <linux/fs.h>
#include <linux/seq_file.h>

struct dentry;
struct device;

struct dentry *debugfs_create_dir(const char *name, struct dentry *parent);
struct dentry *debugfs_create_file(const char *name, umode_t mode, struct dentry *parent,
				   void *data, const struct file_operations *fops);
void debugfs_create_bool(const char *name, umode_t mode, struct dentry *parent, bool *value);
void debugfs_create_u32(const char *name, umode_t mode, struct dentry *parent, u32 *value);
void debugfs_create_x32(const char *name, umode_t mode, struct dentry *parent, u32 *value);
struct dentry *debugfs_create_devm_seqfile(struct device *dev, const char *name,
					   struct dentry *parent,
					   int (*read_fn)(struct seq_file *s, void *data));
void debugfs_remove_recursive(struct dentry *dentry);
#define debugfs_remove debugfs_remove_recursive

int debugfs_attr_open(struct inode *inode, struct file *file, int (*get)(void *, u64 *),
		      int (*set)(void *, u64), const char *fmt);
int debugfs_attr_release(struct inode *inode, struct file *file);
ssize_t debugfs_attr_read(struct file *file, char __user *buf, size_t len, loff_t *ppos);
ssize_t debugfs_attr_write(struct file *file, const char __user *buf, size_t len, loff_t *ppos);

#define DEFINE_DEBUGFS_ATTRIBUTE(__fops, __get, __set, __fmt)                               \
	static int __fops##_open(struct inode *inode, struct file *file)                    \
	{                                                                                   \
		return debugfs_attr_open(inode, file, __get, __set, __fmt);                 \
	}                                                                                   \
	static const struct file_operations __fops = {                                      \
		.owner = THIS_MODULE,                                                       \
		.open = __fops##_open,                                                      \
		.release = debugfs_attr_release,                                            \
		.read = debugfs_attr_read,                                                  \
		.write = debugfs_attr_write,                                                \
		.llseek = no_llseek,                                                        \
	}

#endif /* _LINUX_COMPAT_DEBUGFS_H */
