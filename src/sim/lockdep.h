/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The lock checker's state (lockdep.c), and the fast paths of taking and
 * releasing a lock, which sync.c inlines: most acquisitions hold nothing,
 * or only locks whose order this run has already seen.
 */
#ifndef CXLSIM_SIM_LOCKDEP_H
#define CXLSIM_SIM_LOCKDEP_H

#include "sim_internal.h"

#define SITE_CACHE 256
#define CLASS_CACHE 32

struct ld_class {
	uint32_t name;			/* interned class name */
	uint32_t subclass;
	uint32_t sub[SIM_LOCK_SUBCLASSES];	/* on subclass 0: each subclass's index + 1 */
	uint32_t first_out;		/* this run's edges from it, index + 1 */
	uint64_t known_lo;		/* ... to each class below 64: a bit each */
	uint32_t mark;			/* search stamp */
	uint32_t via;			/* search: the edge it was reached by, index + 1 */
};

struct ld_edge {
	uint32_t from, to;		/* class indices */
	uint32_t next_out;		/* index + 1 */
	uint32_t slot;			/* where the hash set holds it */
	uint32_t task;			/* name of the task that made it */
	uint32_t from_lock, to_lock;	/* the locks' names */
	const struct sim_site *from_site, *to_site;
};

struct sim_lockdep {
	/*
	 * Class name id -> index + 1 of subclass 0.  Indexed by string id, so as long as
	 * the largest class name's id (tens of thousands of device names may come first):
	 * 16 bits an entry, and no more than UINT16_MAX - 1 classes (the kernel's lockdep
	 * stops at 8,192 keys).
	 */
	uint16_t *by_name;
	size_t cap_by_name;
	struct ld_class *classes;
	size_t nr_classes, cap_classes;
	struct ld_edge *edges;		/* this run's */
	size_t nr_edges, cap_edges;
	uint32_t *slots;		/* edge index + 1, open addressing; power of two */
	size_t nr_slots;
	uint32_t *queue;		/* the search's */
	size_t cap_queue;
	uint32_t mark;
	struct {
		const struct sim_site *site;
		uint32_t id;
	} site_cache[SITE_CACHE];
	struct {
		const char *prefix, *name;
		uint32_t id;
	} class_cache[CLASS_CACHE];
};

uint32_t cxlsim__lockdep_acquire_slow(struct sim *s, const struct sim_lockdep_map *map,
				      uint32_t name, unsigned int subclass,
				      const struct sim_site *site, bool read);
void cxlsim__lockdep_push_slow(struct sim *s, const struct sim_lockdep_map *map, uint32_t name,
			       uint32_t cls, const struct sim_site *site, bool read);
void cxlsim__lockdep_release_slow(struct sim *s, struct sim_task *t,
				  const struct sim_lockdep_map *map);

/*
 * Before waiting for a lock: its class index, after checking the order
 * against every lock the running task holds (lock-order reports).
 */
static inline uint32_t cxlsim__lockdep_acquire(struct sim *s, const struct sim_lockdep_map *map,
					       uint32_t name, unsigned int subclass,
					       const struct sim_site *site, bool read)
{
	const struct sim_lockdep *ld = s->lockdep;
	uint32_t key = map->class ? map->class : name;

	if (map->novalidate)
		return LD_NO_CLASS;
	/* Holding nothing, a class seen before: nothing to check. */
	if (ld && s->current && !s->current->rt->nr_held && !subclass &&
	    key < ld->cap_by_name && ld->by_name[key])
		return ld->by_name[key] - 1;
	return cxlsim__lockdep_acquire_slow(s, map, name, subclass, site, read);
}

/* After taking it: on the running task's held stack. */
static inline void cxlsim__lockdep_push(struct sim *s, const struct sim_lockdep_map *map,
					uint32_t name, uint32_t cls, const struct sim_site *site,
					bool read)
{
	struct sim_task_rt *rt = s->current ? s->current->rt : NULL;
	struct sim_held_lock *h;

	if (!rt || rt->nr_held >= SIM_MAX_HELD) {
		cxlsim__lockdep_push_slow(s, map, name, cls, site, read);
		return;
	}
	h = &rt->held[rt->nr_held++];
	h->map = map;
	h->site = site;
	h->cls = cls;
	h->name = name;
	h->read = read;
}

/* Released: off @t's held stack (the owner's). */
static inline void cxlsim__lockdep_release(struct sim *s, struct sim_task *t,
					   const struct sim_lockdep_map *map)
{
	struct sim_task_rt *rt = t ? t->rt : NULL;

	if (rt && rt->nr_held && rt->nr_held <= SIM_MAX_HELD &&
	    rt->held[rt->nr_held - 1].map == map) {
		rt->nr_held--;		/* the innermost, as usual */
		return;
	}
	cxlsim__lockdep_release_slow(s, t, map);
}

#endif /* CXLSIM_SIM_LOCKDEP_H */
