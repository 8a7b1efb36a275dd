// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The resource tree (kernel/resource.c): each resource's children are sorted
 * and disjoint; a request that overlaps a sibling fails with the conflict.
 * __request_region() descends into the non-busy resources that contain it,
 * as the kernel does, and marks its own busy.
 */
#include <linux/ioport.h>
#include <linux/device.h>
#include <linux/slab.h>

struct resource iomem_resource = {
	.name = "PCI mem",
	.start = 0,
	.end = ~0ULL,
	.flags = IORESOURCE_MEM,
};
struct resource ioport_resource = {
	.name = "PCI IO",
	.start = 0,
	.end = 0xffff,
	.flags = IORESOURCE_IO,
};
struct resource soft_reserve_resource = {
	.name = "Soft Reserved",
	.start = 0,
	.end = ~0ULL,
	.flags = IORESOURCE_MEM,
};

static struct resource *conflict(struct resource *root, struct resource *new)
{
	struct resource **p;

	if (new->start > new->end || new->start < root->start || new->end > root->end)
		return root;
	for (p = &root->child; *p; p = &(*p)->sibling) {
		struct resource *tmp = *p;

		if (tmp->start > new->end)
			break;
		if (tmp->end >= new->start)
			return tmp;
	}
	new->sibling = *p;
	*p = new;
	new->parent = root;
	return NULL;
}

struct resource *request_resource_conflict(struct resource *root, struct resource *new)
{
	return conflict(root, new);
}

int request_resource(struct resource *root, struct resource *new)
{
	return conflict(root, new) ? -EBUSY : 0;
}

static void unlink_res(struct resource *old)
{
	struct resource **p;

	for (p = &old->parent->child; *p; p = &(*p)->sibling)
		if (*p == old) {
			*p = old->sibling;
			break;
		}
	old->parent = NULL;
	old->sibling = NULL;
}

int release_resource(struct resource *old)
{
	if (!old->parent)
		return -EINVAL;
	unlink_res(old);
	return 0;
}

/* Children of @old move up to its parent, in place. */
int remove_resource(struct resource *old)
{
	struct resource *parent = old->parent, *c, *next;

	if (!parent)
		return -EINVAL;
	unlink_res(old);
	for (c = old->child; c; c = next) {
		next = c->sibling;
		c->sibling = NULL;
		conflict(parent, c);
	}
	old->child = NULL;
	return 0;
}

struct resource *insert_resource_conflict(struct resource *parent, struct resource *new)
{
	struct resource **p, *first = NULL, *last = NULL, *tmp;

	for (;;) {
		tmp = conflict(parent, new);
		if (!tmp)
			return NULL;
		if (tmp == parent)
			return tmp;
		/* Inside one existing resource: go down into it. */
		if (tmp->start <= new->start && tmp->end >= new->end && tmp != new) {
			if (tmp->start == new->start && tmp->end == new->end)
				return tmp;
			parent = tmp;
			continue;
		}
		break;
	}
	/* @new must cover every sibling it overlaps: it adopts them. */
	for (p = &parent->child; *p; p = &(*p)->sibling) {
		tmp = *p;
		if (tmp->end < new->start)
			continue;
		if (tmp->start > new->end)
			break;
		if (tmp->start < new->start || tmp->end > new->end)
			return tmp;
		if (!first)
			first = tmp;
		last = tmp;
	}
	for (p = &parent->child; *p != first; p = &(*p)->sibling)
		;
	new->parent = parent;
	new->child = first;
	new->sibling = last->sibling;
	last->sibling = NULL;
	*p = new;
	for (tmp = first; tmp; tmp = tmp->sibling)
		tmp->parent = new;
	return NULL;
}

int insert_resource(struct resource *parent, struct resource *new)
{
	return insert_resource_conflict(parent, new) ? -EBUSY : 0;
}

struct resource *__request_region(struct resource *parent, resource_size_t start,
				  resource_size_t n, const char *name, int flags)
{
	struct resource *res = kzalloc(sizeof(*res), GFP_KERNEL);

	if (!res)
		return NULL;
	res->name = name;
	res->start = start;
	res->end = start + n - 1;
	res->flags = (parent->flags & IORESOURCE_TYPE_BITS) | IORESOURCE_BUSY | flags;
	for (;;) {
		struct resource *c = conflict(parent, res);

		if (!c)
			return res;
		if (c != parent && !(c->flags & IORESOURCE_BUSY) && c->start <= res->start &&
		    c->end >= res->end) {
			parent = c;
			continue;
		}
		kfree(res);
		return NULL;
	}
}

static struct resource *find_busy(struct resource *parent, resource_size_t start,
				  resource_size_t end)
{
	for (struct resource *c = parent->child; c; c = c->sibling) {
		if (c->start == start && c->end == end && (c->flags & IORESOURCE_BUSY))
			return c;
		if (c->start <= start && c->end >= end && !(c->flags & IORESOURCE_BUSY))
			return find_busy(c, start, end);
	}
	return NULL;
}

void __release_region(struct resource *parent, resource_size_t start, resource_size_t n)
{
	struct resource *res = find_busy(parent, start, start + n - 1);

	if (WARN_ON(!res))
		return;
	release_resource(res);
	kfree(res);
}

struct region_devres {
	struct resource *parent;
	resource_size_t start, n;
};

static void devm_region_release(struct device *dev, void *p)
{
	struct region_devres *dr = p;

	__release_region(dr->parent, dr->start, dr->n);
}

struct resource *__devm_request_region(struct device *dev, struct resource *parent,
				       resource_size_t start, resource_size_t n, const char *name)
{
	struct region_devres *dr = devres_alloc(devm_region_release, sizeof(*dr), GFP_KERNEL);
	struct resource *res;

	if (!dr)
		return NULL;
	*dr = (struct region_devres){ parent, start, n };
	res = __request_region(parent, start, n, name, 0);
	if (res)
		devres_add(dev, dr);
	else
		devres_free(dr);
	return res;
}

static int match_region(struct device *dev, void *p, void *data)
{
	struct region_devres *a = p, *b = data;

	return a->parent == b->parent && a->start == b->start && a->n == b->n;
}

void __devm_release_region(struct device *dev, struct resource *parent, resource_size_t start,
			   resource_size_t n)
{
	struct region_devres match = { parent, start, n };

	WARN_ON(devres_release(dev, devm_region_release, match_region, &match));
}

static int walk(struct resource *parent, unsigned long desc, unsigned long flags, u64 start,
		u64 end, void *arg, int (*func)(struct resource *, void *))
{
	for (struct resource *c = parent->child; c; c = c->sibling) {
		int rc;

		if (c->end < start || c->start > end)
			continue;
		if ((c->flags & flags) == flags && (desc == IORES_DESC_NONE || c->desc == desc)) {
			rc = func(c, arg);
			if (rc)
				return rc;
		}
		rc = walk(c, desc, flags, start, end, arg, func);
		if (rc)
			return rc;
	}
	return 0;
}

int walk_iomem_res_desc(unsigned long desc, unsigned long flags, u64 start, u64 end, void *arg,
			int (*func)(struct resource *, void *))
{
	return walk(&iomem_resource, desc, flags, start, end, arg, func);
}

struct resource *lookup_resource(struct resource *root, resource_size_t start)
{
	for (struct resource *c = root->child; c; c = c->sibling)
		if (c->start == start)
			return c;
	return NULL;
}

int adjust_resource(struct resource *res, resource_size_t start, resource_size_t size)
{
	struct resource *parent = res->parent;

	if (parent && (start < parent->start || start + size - 1 > parent->end))
		return -EBUSY;
	for (struct resource *c = parent ? parent->child : NULL; c; c = c->sibling)
		if (c != res && c->start <= start + size - 1 && c->end >= start)
			return -EBUSY;
	res->start = start;
	res->end = start + size - 1;
	return 0;
}

/* Insert @new, first growing it over whatever it partly overlaps. */
void insert_resource_expand_to_fit(struct resource *root, struct resource *new)
{
	for (;;) {
		struct resource *c = insert_resource_conflict(root, new);

		if (!c || c == root || (c->start >= new->start && c->end <= new->end))
			return;
		if (c->start < new->start)
			new->start = c->start;
		if (c->end > new->end)
			new->end = c->end;
	}
}
