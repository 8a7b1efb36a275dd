/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * WARN_ON() and BUG_ON() are findings of the run, not messages: a WARN is
 * recorded in the trace and reported as a "kernel-warn" violation (the run
 * goes on, as the kernel's does); a BUG is reported as "kernel-bug" and stops
 * the run at once.
 */
#ifndef _LINUX_COMPAT_BUG_H
#define _LINUX_COMPAT_BUG_H

#include <linux/compiler.h>

void linux_warn(const char *file, int line, const char *func, const char *cond);
void __attribute__((noreturn)) linux_bug(const char *file, int line, const char *func,
					 const char *cond);

#define WARN_ON(condition)                                                                  \
	({                                                                                  \
		int __ret_warn_on = !!(condition);                                          \
		if (unlikely(__ret_warn_on))                                                \
			linux_warn(__FILE__, __LINE__, __func__, #condition);              \
		unlikely(__ret_warn_on);                                                    \
	})
#define WARN(condition, format...)                                                          \
	({                                                                                  \
		int __ret_warn_on = !!(condition);                                          \
		if (unlikely(__ret_warn_on))                                                \
			linux_warn(__FILE__, __LINE__, __func__, #condition);              \
		unlikely(__ret_warn_on);                                                    \
	})
#define WARN_ON_ONCE(condition) WARN_ON(condition)
#define WARN_ONCE(condition, format...) WARN(condition, format)
#define WARN_TAINT(condition, taint, format...) WARN(condition, format)
#define BUG() linux_bug(__FILE__, __LINE__, __func__, "BUG()")
#define BUG_ON(condition)                                                                   \
	do {                                                                                \
		if (unlikely(condition))                                                    \
			linux_bug(__FILE__, __LINE__, __func__, #condition);               \
	} while (0)
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), "BUILD_BUG_ON(" #cond ")")
#define BUILD_BUG_ON_MSG(cond, msg) _Static_assert(!(cond), msg)
#define BUILD_BUG_ON_ZERO(e) ((int)(sizeof(struct { int : (-!!(e)); })))
#define BUILD_BUG() do { } while (0)
#ifndef static_assert
#define static_assert(expr, ...) _Static_assert(expr, #expr)
#endif

#endif
