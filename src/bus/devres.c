// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Managed resources (drivers/base/devres.c).  Entries carry their
 * registration number and device, so release can check the devres-once
 * property as it goes: an entry released from another device's list, out of
 * reverse order, or a second time is a violation.
 */
#include <errno.h>
#include <string.h>

#include "bus/core.h"
#include "bus/devres.h"

#define DEVRES_MAGIC 0xde5e

struct devres_node {
	struct list_head entry;
	union {
		dr_release_t release;		/* devres_alloc()'s entries, groups */
		void (*action)(void *);		/* is_action: devm_add_action()'s */
	};
	uint32_t name;			/* interned: the release function's or the action's */
	/*
	 * The name of the device it was added to: a pointer would not fit in 40 bytes.
	 * An entry run from the list of another device of the same name is not caught.
	 */
	uint32_t owner;
	uint32_t seq;			/* registration order on that device */
	uint16_t magic;			/* freed: poisoned, so no longer DEVRES_MAGIC */
	bool released : 1;
	bool is_group : 1;
	bool is_action : 1;		/* the payload is the action's data alone */
};

/* 40 bytes: every devm action and allocation carries one. */
_Static_assert(sizeof(struct devres_node) <= 40, "devres_node grew");

struct devres {
	struct devres_node node;
	unsigned long long data[];	/* aligned payload */
};

struct devres_group {
	struct devres_node node[2];	/* open and close markers */
	void *id;
};

static void devm_kmalloc_release(struct device *dev, void *res);
static void *action_data(const struct devres *dr);

static void group_open_release(struct device *dev, void *res)
{
}

static void group_close_release(struct device *dev, void *res)
{
}

static struct devres *devres_alloc_node(size_t size, const char *name)
{
	struct sim *s = sim_current();
	struct devres *dr = sim_kzalloc(s, sizeof(*dr) + size, "devres");

	if (!dr)
		return NULL;
	INIT_LIST_HEAD(&dr->node.entry);
	dr->node.name = sim_intern(s, name);
	dr->node.magic = DEVRES_MAGIC;
	return dr;
}

void *__devres_alloc(dr_release_t release, size_t size, const char *name)
{
	struct devres *dr = devres_alloc_node(size, name);

	if (!dr)
		return NULL;
	dr->node.release = release;
	return dr->data;
}

static struct devres *to_devres(void *res)
{
	return container_of((unsigned long long(*)[])res, struct devres, data);
}

void devres_free(void *res)
{
	if (res)
		sim_kfree(sim_current(), to_devres(res));
}

static void add_node(struct device *dev, struct devres_node *node)
{
	dev_touch(dev, true);
	node->owner = dev->name_id;
	node->seq = ++dev->devres_seq;
	list_add_tail(&node->entry, &dev->devres_head);
	if (!node->is_group)
		sim_trace(sim_current(), "devres-add", dev->name_id, node->name, 0);
}

void devres_add(struct device *dev, void *res)
{
	DRV_CORE_SCOPE();
	if (!device_check(dev, "devres_add"))
		return;
	add_node(dev, &to_devres(res)->node);
}

static struct devres *find_dr(struct device *dev, dr_release_t release, dr_match_t match,
			      void *match_data)
{
	struct devres_node *node;

	dev_touch(dev, true);
	list_for_each_entry_reverse(node, &dev->devres_head, entry) {
		struct devres *dr;

		if (node->is_group || node->is_action || node->release != release)
			continue;
		dr = container_of(node, struct devres, node);
		if (match && !match(dev, dr->data, match_data))
			continue;
		return dr;
	}
	return NULL;
}

void *devres_find(struct device *dev, dr_release_t release, dr_match_t match, void *match_data)
{
	DRV_CORE_SCOPE();
	struct devres *dr = find_dr(dev, release, match, match_data);

	return dr ? dr->data : NULL;
}

void *devres_remove(struct device *dev, dr_release_t release, dr_match_t match, void *match_data)
{
	DRV_CORE_SCOPE();
	struct devres *dr = find_dr(dev, release, match, match_data);

	if (!dr)
		return NULL;
	list_del_init(&dr->node.entry);
	return dr->data;
}

int devres_destroy(struct device *dev, dr_release_t release, dr_match_t match, void *match_data)
{
	DRV_CORE_SCOPE();
	void *res = devres_remove(dev, release, match, match_data);

	if (!res)
		return -ENOENT;
	devres_free(res);
	return 0;
}

/* Run one entry's release and free it, checking it runs once, on its own device. */
static void release_node(struct device *dev, struct devres_node *node, uint32_t *last_seq)
{
	struct sim *s = sim_current();

	if (node->magic != DEVRES_MAGIC) {
		sim_violation(s, "devres-once", "devres entry on %s is corrupt or freed",
			      sim_str(s, dev->name_id));
		return;
	}
	if (node->released)
		sim_violation(s, "devres-once", "devres %s on %s runs a second time",
			      sim_str(s, node->name), sim_str(s, dev->name_id));
	if (node->owner != dev->name_id)
		sim_violation(s, "devres-once", "devres %s registered on another device runs on %s",
			      sim_str(s, node->name), sim_str(s, dev->name_id));
	if (last_seq) {
		if (*last_seq && node->seq > *last_seq)
			sim_violation(s, "devres-once", "devres %s on %s runs out of reverse order",
				      sim_str(s, node->name), sim_str(s, dev->name_id));
		*last_seq = node->seq;
	}
	node->released = true;
	if (node->is_group) {
		/* The open marker goes last (reverse order): the group is done. */
		if (node->release == group_open_release)
			sim_kfree(s, container_of(node, struct devres_group, node[0]));
		return;
	}
	sim_trace(s, "devres-release", dev->name_id, node->name, 0);
	{
		struct devres *dr = container_of(node, struct devres, node);

		/* A driver's release or action runs driver code; devm_kzalloc()'s does not. */
		if (node->is_action) {
			driver_code_enter(drv_core_of(s));
			node->action(action_data(dr));
			driver_code_exit(drv_core_of(s));
		} else if (node->release && node->release != devm_kmalloc_release) {
			driver_code_enter(drv_core_of(s));
			node->release(dev, dr->data);
			driver_code_exit(drv_core_of(s));
		}
		sim_kfree(s, dr);
	}
}

/* Release the nodes from @first to @end (exclusive), last first. */
static int release_range(struct device *dev, struct list_head *first, struct list_head *end)
{
	struct list_head todo;
	uint32_t last_seq = 0;
	int n = 0;

	dev_touch(dev, true);
	/* Take them off the device first: a release action may add or remove others. */
	INIT_LIST_HEAD(&todo);
	while (first != end) {
		struct list_head *next = first->next;

		list_move_tail(first, &todo);
		first = next;
	}
	while (!list_empty(&todo)) {
		struct devres_node *node = list_last_entry(&todo, struct devres_node, entry);

		list_del_init(&node->entry);
		if (!node->is_group)
			n++;
		release_node(dev, node, &last_seq);
	}
	return n;
}

int devres_release_all(struct device *dev)
{
	DRV_CORE_SCOPE();
	if (!device_check(dev, "devres_release_all"))
		return 0;
	if (list_empty(&dev->devres_head))
		return 0;
	return release_range(dev, dev->devres_head.next, &dev->devres_head);
}

int devres_release(struct device *dev, dr_release_t release, dr_match_t match, void *match_data)
{
	DRV_CORE_SCOPE();
	struct devres *dr = find_dr(dev, release, match, match_data);

	if (!dr)
		return -ENOENT;
	list_del_init(&dr->node.entry);
	release_node(dev, &dr->node, NULL);
	return 0;
}

size_t __devres_count(const struct device *dev)
{
	const struct devres_node *node;
	size_t n = 0;

	list_for_each_entry(node, &dev->devres_head, entry)
		n += !node->is_group;
	return n;
}

size_t devres_count(const struct device *dev)
{
	dev_touch(dev, true);
	return __devres_count(dev);
}

/* ---- groups ---- */

void *devres_open_group(struct device *dev, void *id)
{
	DRV_CORE_SCOPE();
	struct sim *s = sim_current();
	struct devres_group *grp = sim_kzalloc(s, sizeof(*grp), "devres_group");
	int i;

	dev_touch(dev, true);
	if (!grp)
		return NULL;
	for (i = 0; i < 2; i++) {
		INIT_LIST_HEAD(&grp->node[i].entry);
		grp->node[i].magic = DEVRES_MAGIC;
		grp->node[i].is_group = true;
		grp->node[i].name = sim_intern(s, i ? "group-close" : "group-open");
	}
	grp->node[0].release = group_open_release;
	grp->node[1].release = group_close_release;
	grp->id = id ? id : grp;
	add_node(dev, &grp->node[0]);
	return grp->id;
}

static struct devres_group *find_group(struct device *dev, void *id)
{
	struct devres_node *node;

	dev_touch(dev, true);
	list_for_each_entry_reverse(node, &dev->devres_head, entry) {
		struct devres_group *grp;

		if (!node->is_group || node->release != group_open_release)
			continue;
		grp = container_of(node, struct devres_group, node[0]);
		if (!id || grp->id == id)
			return grp;
	}
	return NULL;
}

void devres_close_group(struct device *dev, void *id)
{
	DRV_CORE_SCOPE();
	struct devres_group *grp = find_group(dev, id);

	if (grp && list_empty(&grp->node[1].entry))
		add_node(dev, &grp->node[1]);
}

void devres_remove_group(struct device *dev, void *id)
{
	DRV_CORE_SCOPE();
	struct devres_group *grp = find_group(dev, id);

	if (!grp)
		return;
	list_del_init(&grp->node[0].entry);
	list_del_init(&grp->node[1].entry);
	sim_kfree(sim_current(), grp);
}

int devres_release_group(struct device *dev, void *id)
{
	DRV_CORE_SCOPE();
	struct devres_group *grp = find_group(dev, id);
	struct list_head *end;
	int n;

	if (!grp)
		return -ENOENT;
	end = list_empty(&grp->node[1].entry) ? &dev->devres_head : &grp->node[1].entry;
	n = release_range(dev, grp->node[0].entry.next, end);
	list_del_init(&grp->node[0].entry);
	list_del_init(&grp->node[1].entry);
	sim_kfree(sim_current(), grp);
	return n;
}

/* ---- actions and allocations ---- */

/*
 * A devm action's entry: the action in the node (is_action), its data the
 * whole payload.
 */
static void *action_data(const struct devres *dr)
{
	void *data;

	memcpy(&data, dr->data, sizeof(data));
	return data;
}

static struct devres *find_action(struct device *dev, void (*action)(void *), void *data)
{
	struct devres_node *node;

	dev_touch(dev, true);
	list_for_each_entry_reverse(node, &dev->devres_head, entry) {
		struct devres *dr = container_of(node, struct devres, node);

		if (node->is_action && node->action == action && action_data(dr) == data)
			return dr;
	}
	return NULL;
}

int __devm_add_action(struct device *dev, void (*action)(void *), void *data, const char *name)
{
	DRV_CORE_SCOPE();
	struct devres *dr;

	if (!device_check(dev, "devm_add_action"))
		return -ENODEV;
	dr = devres_alloc_node(sizeof(void *), name);
	if (!dr)
		return -ENOMEM;
	dr->node.is_action = true;
	dr->node.action = action;
	memcpy(dr->data, &data, sizeof(data));
	devres_add(dev, dr->data);
	return 0;
}

int __devm_add_action_or_reset(struct device *dev, void (*action)(void *), void *data,
			       const char *name)
{
	DRV_CORE_SCOPE();
	int ret = __devm_add_action(dev, action, data, name);

	if (ret) {
		driver_code_enter(drv_core());
		action(data);
		driver_code_exit(drv_core());
	}
	return ret;
}

void devm_remove_action(struct device *dev, void (*action)(void *), void *data)
{
	DRV_CORE_SCOPE();
	struct devres *dr = find_action(dev, action, data);

	if (dr) {
		list_del_init(&dr->node.entry);
		devres_free(dr->data);
	}
}

void devm_release_action(struct device *dev, void (*action)(void *), void *data)
{
	DRV_CORE_SCOPE();
	struct devres *dr = find_action(dev, action, data);

	if (dr) {
		list_del_init(&dr->node.entry);
		release_node(dev, &dr->node, NULL);
	}
}

static void devm_kmalloc_release(struct device *dev, void *res)
{
}

static int devm_kmalloc_match(struct device *dev, void *res, void *p)
{
	return res == p;
}

void *devm_kzalloc(struct device *dev, size_t size)
{
	DRV_CORE_SCOPE();
	void *p;

	if (!device_check(dev, "devm_kzalloc"))
		return NULL;
	p = __devres_alloc(devm_kmalloc_release, size, "devm_kzalloc");
	if (p)
		devres_add(dev, p);
	return p;
}

bool devres_obj_check(const void *res, const char *what)
{
	return res && sim_obj_check(sim_current(), to_devres((void *)res), what);
}

void devm_kfree(struct device *dev, void *p)
{
	DRV_CORE_SCOPE();
	devres_destroy(dev, devm_kmalloc_release, devm_kmalloc_match, p);
}
