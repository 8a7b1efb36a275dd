/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* dev_err() and friends: a "dev_printk" trace event on the device, at its level. */
#ifndef _LINUX_COMPAT_DEV_PRINTK_H
#define _LINUX_COMPAT_DEV_PRINTK_H

#include <linux/printk.h>

struct device;

void _dev_printk(const char *level, const struct device *dev, const char *fmt, ...) __printf(3, 4);
int dev_err_probe(const struct device *dev, int err, const char *fmt, ...) __printf(3, 4);
#define dev_err_ptr_probe(dev, err, fmt, ...) ERR_PTR(dev_err_probe(dev, PTR_ERR(err), fmt, ##__VA_ARGS__))

#define dev_printk(level, dev, fmt, ...) _dev_printk(level, dev, fmt, ##__VA_ARGS__)
#define dev_emerg(dev, fmt, ...) _dev_printk(KERN_EMERG, dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_crit(dev, fmt, ...) _dev_printk(KERN_CRIT, dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_alert(dev, fmt, ...) _dev_printk(KERN_ALERT, dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_err(dev, fmt, ...) _dev_printk(KERN_ERR, dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...) _dev_printk(KERN_WARNING, dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_notice(dev, fmt, ...) _dev_printk(KERN_NOTICE, dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_info(dev, fmt, ...) _dev_printk(KERN_INFO, dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_dbg(dev, fmt, ...) _dev_printk(KERN_DEBUG, dev, dev_fmt(fmt), ##__VA_ARGS__)
#define dev_vdbg(dev, fmt, ...) do { } while (0)
#ifndef dev_fmt
#define dev_fmt(fmt) fmt
#endif
#define dev_err_once dev_err
#define dev_warn_once dev_warn
#define dev_info_once dev_info
#define dev_dbg_once dev_dbg
#define dev_err_ratelimited dev_err
#define dev_warn_ratelimited dev_warn
#define dev_info_ratelimited dev_info
#define dev_dbg_ratelimited dev_dbg
#define dev_WARN(dev, format, arg...)                                                       \
	({                                                                                  \
		dev_warn(dev, format, ##arg);                                               \
		WARN_ON(1);                                                                 \
	})
#define dev_WARN_ONCE(dev, condition, format, arg...)                                       \
	({                                                                                  \
		int __c = !!(condition);                                                    \
		if (__c)                                                                    \
			dev_warn(dev, format, ##arg);                                       \
		WARN_ON(__c);                                                               \
	})

#endif
