/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* LIBNVDIMM's helpers for its providers. */
#ifndef _LINUX_COMPAT_ND_H
#define _LINUX_COMPAT_ND_H

#include <linux/types.h>
#include <linux/ndctl.h>

/* The Fletcher-64 checksum over @len bytes of 32-bit words (LIBNVDIMM's label checksums). */
u64 nd_fletcher64(void *addr, size_t len, bool le);

#endif /* _LINUX_COMPAT_ND_H */
