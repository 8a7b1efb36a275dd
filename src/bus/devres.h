/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Managed resources (drivers/base/devres.c): per-device LIFO list of release
 * actions and allocations, released on probe failure and unbind; groups
 * release a subset.  Every entry records its registration so the devres-once
 * property can be checked: each runs exactly once, in reverse order, on the
 * device it was registered on.
 */
#ifndef CXLSIM_BUS_DEVRES_H
#define CXLSIM_BUS_DEVRES_H

#include <stdbool.h>
#include <stddef.h>

#include "bus/device.h"

typedef void (*dr_release_t)(struct device *dev, void *res);
typedef int (*dr_match_t)(struct device *dev, void *res, void *match_data);

void *__devres_alloc(dr_release_t release, size_t size, const char *name);
#define devres_alloc(release, size) __devres_alloc(release, size, #release)
void devres_free(void *res);
void devres_add(struct device *dev, void *res);
void *devres_find(struct device *dev, dr_release_t release, dr_match_t match, void *match_data);
void *devres_remove(struct device *dev, dr_release_t release, dr_match_t match, void *match_data);
int devres_destroy(struct device *dev, dr_release_t release, dr_match_t match, void *match_data);
int devres_release(struct device *dev, dr_release_t release, dr_match_t match, void *match_data);
/* Release every entry, last registered first; returns how many. */
int devres_release_all(struct device *dev);
size_t devres_count(const struct device *dev);
/* The same on the host after a run: no footprint, for a simulation that is not running. */
size_t __devres_count(const struct device *dev);

void *devres_open_group(struct device *dev, void *id);
void devres_close_group(struct device *dev, void *id);
void devres_remove_group(struct device *dev, void *id);
int devres_release_group(struct device *dev, void *id);

int __devm_add_action(struct device *dev, void (*action)(void *), void *data, const char *name);
#define devm_add_action(dev, action, data) __devm_add_action(dev, action, data, #action)
int __devm_add_action_or_reset(struct device *dev, void (*action)(void *), void *data,
			       const char *name);
#define devm_add_action_or_reset(dev, action, data)                                      \
	__devm_add_action_or_reset(dev, action, data, #action)
void devm_remove_action(struct device *dev, void (*action)(void *), void *data);
void devm_release_action(struct device *dev, void (*action)(void *), void *data);

void *devm_kzalloc(struct device *dev, size_t size);
void devm_kfree(struct device *dev, void *p);
/*
 * Whether @res, from devm_kzalloc() or devres_alloc(), is still allocated; a
 * no-uaf violation naming @what when its devres already released it.
 */
bool devres_obj_check(const void *res, const char *what);

#endif /* CXLSIM_BUS_DEVRES_H */
