/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * struct resource and the resource tree (kernel/resource.c): requests and
 * releases are real (conflicts are found, children nest), on tracked memory.
 */
#ifndef _LINUX_COMPAT_IOPORT_H
#define _LINUX_COMPAT_IOPORT_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/bits.h>

struct device;

struct resource {
	resource_size_t start;
	resource_size_t end;
	const char *name;
	unsigned long flags;
	unsigned long desc;
	struct resource *parent, *sibling, *child;
};

#define IORESOURCE_BITS 0x000000ff
#define IORESOURCE_TYPE_BITS 0x00001f00
#define IORESOURCE_IO 0x00000100
#define IORESOURCE_MEM 0x00000200
#define IORESOURCE_REG 0x00000300
#define IORESOURCE_IRQ 0x00000400
#define IORESOURCE_DMA 0x00000800
#define IORESOURCE_BUS 0x00001000
#define IORESOURCE_PREFETCH 0x00002000
#define IORESOURCE_READONLY 0x00004000
#define IORESOURCE_CACHEABLE 0x00008000
#define IORESOURCE_BUSY 0x80000000
#define IORESOURCE_SYSRAM 0x01000000
#define IORESOURCE_SYSRAM_DRIVER_MANAGED 0x02000000
#define IORESOURCE_SYSRAM_MERGEABLE 0x04000000
#define IORESOURCE_EXCLUSIVE 0x08000000
#define IORESOURCE_DISABLED 0x10000000
#define IORESOURCE_UNSET 0x20000000
#define IORESOURCE_AUTO 0x40000000
#define IORESOURCE_SYSTEM_RAM (IORESOURCE_MEM | IORESOURCE_SYSRAM)

enum {
	IORES_DESC_NONE = 0,
	IORES_DESC_CRASH_KERNEL = 1,
	IORES_DESC_ACPI_TABLES = 2,
	IORES_DESC_ACPI_NV_STORAGE = 3,
	IORES_DESC_PERSISTENT_MEMORY = 4,
	IORES_DESC_PERSISTENT_MEMORY_LEGACY = 5,
	IORES_DESC_DEVICE_PRIVATE_MEMORY = 6,
	IORES_DESC_RESERVED = 7,
	IORES_DESC_SOFT_RESERVED = 8,
	IORES_DESC_CXL = 9,
};

enum {
	REGION_INTERSECTS,
	REGION_DISJOINT,
	REGION_MIXED,
};

#define DEFINE_RES_NAMED(_start, _size, _name, _flags)                                      \
	((struct resource){ .start = (_start), .end = (_start) + (_size) - 1,               \
			    .name = (_name), .flags = (_flags), .desc = IORES_DESC_NONE })
#define DEFINE_RES_MEM_NAMED(_start, _size, _name) DEFINE_RES_NAMED(_start, _size, _name, IORESOURCE_MEM)
#define DEFINE_RES_MEM(_start, _size) DEFINE_RES_MEM_NAMED(_start, _size, NULL)

static inline resource_size_t resource_size(const struct resource *res)
{
	return res->end - res->start + 1;
}
static inline unsigned long resource_type(const struct resource *res)
{
	return res->flags & IORESOURCE_TYPE_BITS;
}
static inline bool resource_contains(const struct resource *r1, const struct resource *r2)
{
	if (resource_type(r1) != resource_type(r2))
		return false;
	if (r1->flags & IORESOURCE_UNSET || r2->flags & IORESOURCE_UNSET)
		return false;
	return r1->start <= r2->start && r1->end >= r2->end;
}
static inline bool resource_overlaps(const struct resource *r1, const struct resource *r2)
{
	return r1->start <= r2->end && r1->end >= r2->start;
}

/*
 * The roots of the resource tree are kernel globals like any other: part of
 * the kernel image, restored before every run (src/linux/resource.c).
 */
extern struct resource iomem_resource;
extern struct resource ioport_resource;
extern struct resource soft_reserve_resource;

int request_resource(struct resource *root, struct resource *new);
struct resource *request_resource_conflict(struct resource *root, struct resource *new);
int release_resource(struct resource *new);
int insert_resource(struct resource *parent, struct resource *new);
void insert_resource_expand_to_fit(struct resource *root, struct resource *new);
struct resource *insert_resource_conflict(struct resource *parent, struct resource *new);
int remove_resource(struct resource *old);
int allocate_resource(struct resource *root, struct resource *new, resource_size_t size,
		      resource_size_t min, resource_size_t max, resource_size_t align,
		      resource_size_t (*alignf)(void *, const struct resource *, resource_size_t,
						resource_size_t),
		      void *alignf_data);
struct resource *__request_region(struct resource *parent, resource_size_t start,
				  resource_size_t n, const char *name, int flags);
void __release_region(struct resource *parent, resource_size_t start, resource_size_t n);
#define request_mem_region(start, n, name) __request_region(&iomem_resource, (start), (n), (name), 0)
#define release_mem_region(start, n) __release_region(&iomem_resource, (start), (n))
struct resource *__devm_request_region(struct device *dev, struct resource *parent,
				       resource_size_t start, resource_size_t n, const char *name);
#define devm_request_mem_region(dev, start, n, name)                                        \
	__devm_request_region(dev, &iomem_resource, (start), (n), (name))
void __devm_release_region(struct device *dev, struct resource *parent, resource_size_t start,
			   resource_size_t n);
#define devm_release_mem_region(dev, start, n) __devm_release_region(dev, &iomem_resource, (start), (n))
int region_intersects(resource_size_t offset, size_t size, unsigned long flags,
		      unsigned long desc);
int walk_iomem_res_desc(unsigned long desc, unsigned long flags, u64 start, u64 end, void *arg,
			int (*func)(struct resource *, void *));
struct resource *lookup_resource(struct resource *root, resource_size_t start);
int adjust_resource(struct resource *res, resource_size_t start, resource_size_t size);
struct resource *request_free_mem_region(struct resource *base, unsigned long size,
					 const char *name);

#endif
