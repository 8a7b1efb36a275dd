/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* General-purpose address pools: declared only; nothing in a run allocates from one. */
#ifndef _LINUX_COMPAT_GENALLOC_H
#define _LINUX_COMPAT_GENALLOC_H

#include <linux/types.h>

struct gen_pool;

struct gen_pool *gen_pool_create(int min_alloc_order, int nid);
void gen_pool_destroy(struct gen_pool *pool);
int gen_pool_add(struct gen_pool *pool, unsigned long addr, size_t size, int nid);
unsigned long gen_pool_alloc_algo(struct gen_pool *pool, size_t size, void *algo, void *data);
void gen_pool_free(struct gen_pool *pool, unsigned long addr, size_t size);

#endif /* _LINUX_COMPAT_GENALLOC_H */
