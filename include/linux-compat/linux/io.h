/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * MMIO accessors.  A register block here is ordinary memory (a mock
 * platform's register file), so the accessors are plain volatile loads and
 * stores of the given width.  Mapping physical addresses (ioremap) has no
 * honest answer in user space and is left to the unimplemented stubs.
 */
#ifndef _LINUX_COMPAT_IO_H
#define _LINUX_COMPAT_IO_H

#include <linux/types.h>

#ifndef __iomem
#define __iomem
#endif

struct device;
struct resource;
/* As the generic io.h does (its pci_iomap() declarations). */
struct pci_dev;

static inline u8 readb(const volatile void __iomem *addr)
{
	return *(const volatile u8 *)addr;
}
static inline u16 readw(const volatile void __iomem *addr)
{
	return *(const volatile u16 *)addr;
}
static inline u32 readl(const volatile void __iomem *addr)
{
	return *(const volatile u32 *)addr;
}
static inline u64 readq(const volatile void __iomem *addr)
{
	return *(const volatile u64 *)addr;
}
static inline void writeb(u8 val, volatile void __iomem *addr)
{
	*(volatile u8 *)addr = val;
}
static inline void writew(u16 val, volatile void __iomem *addr)
{
	*(volatile u16 *)addr = val;
}
static inline void writel(u32 val, volatile void __iomem *addr)
{
	*(volatile u32 *)addr = val;
}
static inline void writeq(u64 val, volatile void __iomem *addr)
{
	*(volatile u64 *)addr = val;
}
#define readl_relaxed readl
#define writel_relaxed writel
#define ioread32 readl
#define iowrite32 writel

static inline void memcpy_fromio(void *dst, const volatile void __iomem *src, size_t n)
{
	__builtin_memcpy(dst, (const void *)src, n);
}
static inline void memcpy_toio(volatile void __iomem *dst, const void *src, size_t n)
{
	__builtin_memcpy((void *)dst, src, n);
}

void __iomem *ioremap(resource_size_t offset, unsigned long size);
void iounmap(volatile void __iomem *addr);
void __iomem *devm_ioremap(struct device *dev, resource_size_t offset, resource_size_t size);
void __iomem *devm_ioremap_resource(struct device *dev, const struct resource *res);
void devm_iounmap(struct device *dev, void __iomem *addr);
void *memremap(resource_size_t offset, size_t size, unsigned long flags);
void memunmap(void *addr);

#endif /* _LINUX_COMPAT_IO_H */
