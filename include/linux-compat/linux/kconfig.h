/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * IS_ENABLED() and friends over the CONFIG_* macros of the compat
 * configuration (linux-compat/config.h, given to every kernel file with
 * -include): CONFIG_FOO is 1 for =y, CONFIG_FOO_MODULE is 1 for =m.
 */
#ifndef _LINUX_COMPAT_KCONFIG_H
#define _LINUX_COMPAT_KCONFIG_H

#define __LINUX_ARG_PLACEHOLDER_1 0,
#define __linux_second_arg(ignored, val, ...) val
#define __is_defined(x) ___is_defined(x)
#define ___is_defined(val) ____is_defined(__LINUX_ARG_PLACEHOLDER_##val)
#define ____is_defined(arg1_or_junk) __linux_second_arg(arg1_or_junk 1, 0)
#define __or(x, y) ___or(x, y)
#define ___or(x, y) ____or(__LINUX_ARG_PLACEHOLDER_##x, y)
#define ____or(arg1_or_junk, y) __linux_second_arg(arg1_or_junk 1, y)

#define IS_BUILTIN(option) __is_defined(option)
#define IS_MODULE(option) __is_defined(option##_MODULE)
#define IS_ENABLED(option) __or(IS_BUILTIN(option), IS_MODULE(option))
/* Every part is linked into one image here, so whatever is enabled is reachable. */
#define IS_REACHABLE(option) IS_ENABLED(option)

#endif /* _LINUX_COMPAT_KCONFIG_H */
