/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* seq_file: the show callbacks of debugfs files.  None is read in a run. */
#ifndef _LINUX_COMPAT_SEQ_FILE_H
#define _LINUX_COMPAT_SEQ_FILE_H

#include <linux/types.h>
#include <linux/fs.h>

struct seq_file {
	char *buf;
	size_t size;
	size_t count;
	void *private;
};

void seq_printf(struct seq_file *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void seq_puts(struct seq_file *m, const char *s);
int single_open(struct file *file, int (*show)(struct seq_file *, void *), void *data);
int single_release(struct inode *inode, struct file *file);
ssize_t seq_read(struct file *file, char __user *buf, size_t size, loff_t *ppos);
loff_t seq_lseek(struct file *file, loff_t offset, int whence);

#define DEFINE_SHOW_ATTRIBUTE(__name)                                                       \
	static int __name##_open(struct inode *inode, struct file *file)                    \
	{                                                                                   \
		return single_open(file, __name##_show, inode->i_private);                 \
	}                                                                                   \
	static const struct file_operations __name##_fops = {                               \
		.owner = THIS_MODULE,                                                       \
		.open = __name##_open,                                                      \
		.read = seq_read,                                                           \
		.llseek = seq_lseek,                                                        \
		.release = single_release,                                                  \
	}

#endif /* _LINUX_COMPAT_SEQ_FILE_H */
