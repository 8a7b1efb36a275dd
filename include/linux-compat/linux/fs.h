/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Files, as far as a character device or a debugfs file declares them: the
 * operations table and the objects its callbacks take.  No file is ever
 * opened in a run.
 */
#ifndef _LINUX_COMPAT_FS_H
#define _LINUX_COMPAT_FS_H

#include <linux/types.h>
#include <linux/ioctl.h>

struct module;
struct cdev;
struct poll_table_struct;
struct seq_file;

struct inode {
	dev_t i_rdev;
	struct cdev *i_cdev;
	void *i_private;
};

struct file {
	void *private_data;
	unsigned int f_flags;
	fmode_t f_mode;
	struct inode *f_inode;
};

struct file_operations {
	struct module *owner;
	loff_t (*llseek)(struct file *, loff_t, int);
	ssize_t (*read)(struct file *, char __user *, size_t, loff_t *);
	ssize_t (*write)(struct file *, const char __user *, size_t, loff_t *);
	long (*unlocked_ioctl)(struct file *, unsigned int, unsigned long);
	long (*compat_ioctl)(struct file *, unsigned int, unsigned long);
	int (*open)(struct inode *, struct file *);
	int (*release)(struct inode *, struct file *);
};

loff_t noop_llseek(struct file *file, loff_t offset, int whence);
loff_t no_llseek(struct file *file, loff_t offset, int whence);
long compat_ptr_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
int nonseekable_open(struct inode *inode, struct file *filp);
ssize_t simple_read_from_buffer(void __user *to, size_t count, loff_t *ppos, const void *from,
				size_t available);
ssize_t memory_read_from_buffer(void *to, size_t count, loff_t *ppos, const void *from,
				size_t available);

#endif /* _LINUX_COMPAT_FS_H */
