/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * 64-bit MMIO as two 32-bit accesses, low half first.  On a 64-bit host
 * readq/writeq exist already (linux/io.h); the lo_hi forms are spelt out.
 */
#ifndef _LINUX_COMPAT_IO_64_NONATOMIC_LO_HI_H
#define _LINUX_COMPAT_IO_64_NONATOMIC_LO_HI_H

#include <linux/io.h>

static inline u64 lo_hi_readq(const volatile void __iomem *addr)
{
	const volatile u32 __iomem *p = addr;
	u32 low = readl(p), high = readl(p + 1);

	return low + ((u64)high << 32);
}

static inline void lo_hi_writeq(u64 val, volatile void __iomem *addr)
{
	writel((u32)val, addr);
	writel((u32)(val >> 32), (volatile u8 __iomem *)addr + 4);
}

#endif /* _LINUX_COMPAT_IO_64_NONATOMIC_LO_HI_H */
