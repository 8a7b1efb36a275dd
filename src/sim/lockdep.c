// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Lock checking in the manner of the kernel's lockdep, for every lock any
 * model takes.
 *
 * Locks fall into classes (struct sim_lockdep_map: a mutex's name, a device
 * lock's device type, or a class set explicitly; a subclass makes a class of
 * its own).  Whenever a task takes a lock of class B while it holds one of
 * class A, the edge A -> B enters this run's order graph, remembered with
 * both acquisition sites.  A new edge that closes a cycle is an inversion:
 * some interleaving of the tasks that took those edges deadlocks, whether or
 * not this one did.  Taking a lock of a class the task already holds is
 * reported too, unless the lock held is an ancestor of the new one through
 * nest_parent (a parent device's lock before its child's).  A lock marked
 * novalidate (the kernel's novalidate class, which every device mutex is in)
 * has no class: it is held and released as any other, but makes no edge.
 *
 * Reports are lock-order violations; they never stop the run, and nothing
 * here is read by the scheduler, so the choices and the footprints a run
 * makes are the same with or without them.  The graph belongs to one run
 * (reset by sim_reset()), so a schedule reproduces its reports alone; the
 * class table, which only maps names to indices, is kept.
 *
 * Cost: a lock taken looks up one edge per lock held (a hash set keyed by
 * the two class indices); the graph is searched only when an edge is new,
 * which happens a few dozen times a run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockdep.h"

#define NEST_WALK_MAX 64

static struct sim_lockdep *ld_get(struct sim *s)
{
	if (!s->lockdep)
		s->lockdep = calloc(1, sizeof(*s->lockdep));
	return s->lockdep;
}

void cxlsim__lockdep_reset(struct sim *s)
{
	struct sim_lockdep *ld = s->lockdep;
	size_t i;

	if (!ld)
		return;
	for (i = 0; i < ld->nr_edges; i++) {
		ld->slots[ld->edges[i].slot] = 0;
		ld->classes[ld->edges[i].from].first_out = 0;
		ld->classes[ld->edges[i].from].known_lo = 0;
	}
	ld->nr_edges = 0;
}

void cxlsim__lockdep_free(struct sim *s)
{
	struct sim_lockdep *ld = s->lockdep;

	if (!ld)
		return;
	free(ld->by_name);
	free(ld->classes);
	free(ld->edges);
	free(ld->slots);
	free(ld->queue);
	free(ld);
	s->lockdep = NULL;
}

/* ---- sites ---- */

uint32_t sim_site_id(struct sim *s, const struct sim_site *site)
{
	struct sim_lockdep *ld = ld_get(s);
	uintptr_t a = (uintptr_t)site;
	size_t i = (a >> 3 ^ a >> 11) % SITE_CACHE;
	const char *file;
	uint32_t id;

	if (!site)
		return sim_intern(s, "?");
	if (ld && ld->site_cache[i].site == site)
		return ld->site_cache[i].id;
	if (!site->file) {
		id = sim_intern(s, site->func);
	} else {
		file = strrchr(site->file, '/');
		file = file ? file + 1 : site->file;
		id = sim_internf(s, "%s (%s:%u)", site->func, file, site->line);
	}
	if (ld) {
		ld->site_cache[i].site = site;
		ld->site_cache[i].id = id;
	}
	return id;
}

const char *cxlsim__site_str(struct sim *s, const struct sim_site *site)
{
	return sim_str(s, sim_site_id(s, site));
}

void sim_lockdep_set_class(struct sim *s, struct sim_lockdep_map *map, const char *class_name)
{
	map->class = class_name ? sim_intern(s, class_name) : 0;
}

uint32_t sim_lockdep_class_prefixed(struct sim *s, const char *prefix, const char *name)
{
	struct sim_lockdep *ld = ld_get(s);
	uintptr_t a = (uintptr_t)prefix ^ (uintptr_t)name >> 3;
	size_t i = (a ^ a >> 9) % CLASS_CACHE;
	uint32_t id;

	if (ld && ld->class_cache[i].prefix == prefix && ld->class_cache[i].name == name)
		return ld->class_cache[i].id;
	id = sim_internf(s, "%s%s", prefix, name);
	if (ld) {
		ld->class_cache[i].prefix = prefix;
		ld->class_cache[i].name = name;
		ld->class_cache[i].id = id;
	}
	return id;
}

/* ---- classes ---- */

static __attribute__((noinline)) uint32_t new_class(struct sim_lockdep *ld, uint32_t name,
						    unsigned int subclass)
{
	struct ld_class *c;

	if (ld->nr_classes >= UINT16_MAX - 1 ||
	    !cxlsim__grow((void **)&ld->classes, &ld->cap_classes, ld->nr_classes + 1, sizeof(*c)))
		return 0;
	c = &ld->classes[ld->nr_classes++];
	c->name = name;
	c->subclass = subclass;
	return (uint32_t)ld->nr_classes;
}

static inline uint32_t class_index(struct sim_lockdep *ld, uint32_t name, unsigned int subclass)
{
	uint32_t idx, sub;

	if (name >= ld->cap_by_name &&
	    !cxlsim__grow((void **)&ld->by_name, &ld->cap_by_name, (size_t)name + 1,
			  sizeof(*ld->by_name)))
		return LD_NO_CLASS;
	idx = ld->by_name[name];
	if (!idx) {
		idx = new_class(ld, name, 0);
		if (!idx)
			return LD_NO_CLASS;
		ld->by_name[name] = (uint16_t)idx;
	}
	if (!subclass)
		return idx - 1;
	if (subclass >= SIM_LOCK_SUBCLASSES)
		subclass = SIM_LOCK_SUBCLASSES - 1;
	sub = ld->classes[idx - 1].sub[subclass];
	if (!sub) {
		sub = new_class(ld, name, subclass);
		if (!sub)
			return LD_NO_CLASS;
		ld->classes[idx - 1].sub[subclass] = sub;
	}
	return sub - 1;
}

uint32_t cxlsim__lockdep_class(struct sim *s, const struct sim_lockdep_map *map, uint32_t name,
			       unsigned int subclass)
{
	struct sim_lockdep *ld = ld_get(s);

	if (!ld)
		return LD_NO_CLASS;
	return class_index(ld, map->class ? map->class : name, subclass);
}

/* "name" or "name/2" for a subclass. */
static const char *class_str(struct sim *s, struct sim_lockdep *ld, uint32_t cls, char *buf,
			     size_t len)
{
	const struct ld_class *c = &ld->classes[cls];

	if (!c->subclass)
		return sim_str(s, c->name);
	snprintf(buf, len, "%s/%u", sim_str(s, c->name), c->subclass);
	return buf;
}

/* "mem0 (device:cxl_memdev)", or the name alone when it is the class. */
static int lock_str(struct sim *s, struct sim_lockdep *ld, uint32_t name, uint32_t cls, char *buf,
		    size_t len)
{
	char cbuf[160];

	if (ld->classes[cls].name == name && !ld->classes[cls].subclass)
		return snprintf(buf, len, "%s", sim_str(s, name));
	return snprintf(buf, len, "%s (%s)", sim_str(s, name),
			class_str(s, ld, cls, cbuf, sizeof(cbuf)));
}

/* ---- the order graph ---- */

static uint32_t edge_hash(uint32_t from, uint32_t to)
{
	uint64_t k = ((uint64_t)from << 32 | to) * 0x9e3779b97f4a7c15ull;

	return (uint32_t)(k >> 32);
}

static struct ld_edge *edge_find(struct sim_lockdep *ld, uint32_t from, uint32_t to,
				 uint32_t *slot)
{
	size_t mask = ld->nr_slots - 1, i;

	for (i = edge_hash(from, to) & mask;; i = (i + 1) & mask) {
		uint32_t e = ld->slots[i];

		if (!e) {
			*slot = (uint32_t)i;
			return NULL;
		}
		if (ld->edges[e - 1].from == from && ld->edges[e - 1].to == to)
			return &ld->edges[e - 1];
	}
}

static bool slots_grow(struct sim_lockdep *ld)
{
	size_t n = ld->nr_slots ? 2 * ld->nr_slots : 256, i;
	uint32_t *slots = calloc(n, sizeof(*slots));

	if (!slots)
		return false;
	free(ld->slots);
	ld->slots = slots;
	ld->nr_slots = n;
	for (i = 0; i < ld->nr_edges; i++) {
		struct ld_edge *e = &ld->edges[i];
		uint32_t slot = 0;

		edge_find(ld, e->from, e->to, &slot);
		ld->slots[slot] = (uint32_t)i + 1;
		e->slot = slot;
	}
	return true;
}

/* Is @from -> @to in this run's graph?  (Most acquisitions end here.) */
static inline bool edge_known(const struct sim_lockdep *ld, uint32_t from, uint32_t to)
{
	size_t mask = ld->nr_slots - 1, i;

	/* The first 64 classes (all a model usually has) by a bit matrix. */
	if (to < 64)
		return ld->classes[from].known_lo >> to & 1;
	if (!ld->nr_slots)
		return false;
	for (i = edge_hash(from, to) & mask;; i = (i + 1) & mask) {
		uint32_t e = ld->slots[i];

		if (!e)
			return false;
		if (ld->edges[e - 1].from == from && ld->edges[e - 1].to == to)
			return true;
	}
}

/* The edge @from -> @to, added if new (*added); NULL when memory ran out. */
static struct ld_edge *edge_get(struct sim_lockdep *ld, uint32_t from, uint32_t to, bool *added)
{
	struct ld_edge *e;
	uint32_t slot = 0;

	*added = false;
	if ((ld->nr_edges + 1) * 2 > ld->nr_slots && !slots_grow(ld))
		return NULL;
	e = edge_find(ld, from, to, &slot);
	if (e)
		return e;
	if (!cxlsim__grow((void **)&ld->edges, &ld->cap_edges, ld->nr_edges + 1, sizeof(*e)))
		return NULL;
	e = &ld->edges[ld->nr_edges++];
	memset(e, 0, sizeof(*e));
	e->from = from;
	e->to = to;
	e->slot = slot;
	e->next_out = ld->classes[from].first_out;
	ld->classes[from].first_out = (uint32_t)ld->nr_edges;
	if (to < 64)
		ld->classes[from].known_lo |= 1ull << to;
	ld->slots[slot] = (uint32_t)ld->nr_edges;
	*added = true;
	return e;
}

/*
 * Breadth first from @start: is @goal reachable?  Leaves each reached class's
 * via link, so the shortest path can be read back from @goal.
 */
static bool reachable(struct sim_lockdep *ld, uint32_t start, uint32_t goal)
{
	size_t head = 0, tail = 0;

	if (!cxlsim__grow((void **)&ld->queue, &ld->cap_queue, ld->nr_classes, sizeof(uint32_t)))
		return false;
	if (!++ld->mark) {
		size_t i;

		for (i = 0; i < ld->nr_classes; i++)
			ld->classes[i].mark = 0;
		ld->mark = 1;
	}
	ld->classes[start].mark = ld->mark;
	ld->classes[start].via = 0;
	ld->queue[tail++] = start;
	while (head < tail) {
		uint32_t c = ld->queue[head++], e;

		if (c == goal)
			return true;
		for (e = ld->classes[c].first_out; e; e = ld->edges[e - 1].next_out) {
			struct ld_class *to = &ld->classes[ld->edges[e - 1].to];

			if (to->mark == ld->mark)
				continue;
			to->mark = ld->mark;
			to->via = e;
			ld->queue[tail++] = ld->edges[e - 1].to;
		}
	}
	return false;
}

/* Append "; T took B at S while holding A (taken at S')" for edge @e. */
static size_t describe_edge(struct sim *s, struct sim_lockdep *ld, const struct ld_edge *e,
			    const char *verb, char *buf, size_t off, size_t len)
{
	char a[256], b[256];
	int n;

	if (off >= len)
		return off;
	lock_str(s, ld, e->from_lock, e->from, a, sizeof(a));
	lock_str(s, ld, e->to_lock, e->to, b, sizeof(b));
	n = snprintf(buf + off, len - off, "; %s %s %s at %s while holding %s (taken at %s)",
		     sim_str(s, e->task), verb, b, cxlsim__site_str(s, e->to_site), a,
		     cxlsim__site_str(s, e->from_site));
	return n > 0 ? off + (size_t)n : off;
}

/* The new edge @e closed a cycle back to its source: report it, every edge with its sites. */
static void report_cycle(struct sim *s, struct sim_lockdep *ld, const struct ld_edge *e)
{
	char msg[1024], cbuf[160];
	uint32_t path[64];
	size_t n = 0, off, i;
	uint32_t c = e->from, v;
	int k;

	/* The path from e->to back to e->from, read backwards through the via links. */
	while (c != e->to && n < 64 && (v = ld->classes[c].via)) {
		path[n++] = v - 1;
		c = ld->edges[v - 1].from;
	}
	k = snprintf(msg, sizeof(msg), "class cycle %s",
		     class_str(s, ld, e->from, cbuf, sizeof(cbuf)));
	off = k > 0 ? (size_t)k : 0;
	for (i = n + 1; i-- > 0 && off < sizeof(msg);) {
		const struct ld_edge *x = i == n ? e : &ld->edges[path[i]];

		k = snprintf(msg + off, sizeof(msg) - off, " -> %s",
			     class_str(s, ld, x->to, cbuf, sizeof(cbuf)));
		off += k > 0 ? (size_t)k : 0;
	}
	off = describe_edge(s, ld, e, "takes", msg, off, sizeof(msg));
	for (i = n; i-- > 0;)
		off = describe_edge(s, ld, &ld->edges[path[i]], "took", msg, off, sizeof(msg));
	sim_violation(s, "lock-order", "%s", msg);
}

/* Is @anc an ancestor of @map through nest_parent links? */
static bool nest_ancestor(const struct sim_lockdep_map *map, const struct sim_lockdep_map *anc)
{
	const struct sim_lockdep_map *p = map->nest_parent;
	int hops;

	for (hops = 0; p && hops < NEST_WALK_MAX; hops++) {
		/* A parent in freed model memory has lost its magic to the poison. */
		if (p->magic != SIM_LOCKDEP_MAGIC)
			return false;
		if (p == anc)
			return true;
		p = p->nest_parent;
	}
	return false;
}

/* Taking a lock of class @cls while @h, of the same class, is held. */
static __attribute__((noinline)) void
check_recursive(struct sim *s, struct sim_lockdep *ld, const struct sim_held_lock *h,
		const struct sim_lockdep_map *map, uint32_t name, uint32_t cls,
		const struct sim_site *site, bool read)
{
	const char *task = sim_task_name(s->current);
	char a[256], b[256];
	struct ld_edge *e;
	bool added;

	if (h->map != map && nest_ancestor(map, h->map))
		return;
	/* A class's self-edge stands for its recursion: reported once a run. */
	e = edge_get(ld, cls, cls, &added);
	if (!e || !added)
		return;
	e->task = s->current->name_id;
	e->from_lock = h->name;
	e->to_lock = name;
	e->from_site = h->site;
	e->to_site = site;
	lock_str(s, ld, name, cls, b, sizeof(b));
	if (h->map == map && read && h->read) {
		sim_violation(s, "lock-order",
			      "recursive read: %s takes %s for read at %s, which it already holds "
			      "for read (taken at %s); a writer waiting in between deadlocks both",
			      task, b, cxlsim__site_str(s, site), cxlsim__site_str(s, h->site));
	} else if (h->map == map) {
		sim_violation(s, "lock-order",
			      "recursive locking: %s takes %s at %s, which it already holds "
			      "(taken at %s)",
			      task, b, cxlsim__site_str(s, site), cxlsim__site_str(s, h->site));
	} else {
		lock_str(s, ld, h->name, h->cls, a, sizeof(a));
		sim_violation(s, "lock-order",
			      "recursive locking of one class: %s takes %s at %s while holding %s "
			      "(taken at %s), which is not its ancestor",
			      task, b, cxlsim__site_str(s, site), a, cxlsim__site_str(s, h->site));
	}
}

/* A new edge from held @h to the lock being taken: record it, report a cycle it closes. */
static __attribute__((noinline)) void new_edge(struct sim *s, struct sim_lockdep *ld,
					       const struct sim_held_lock *h, uint32_t name,
					       uint32_t cls, const struct sim_site *site)
{
	struct ld_edge *e;
	bool added;

	e = edge_get(ld, h->cls, cls, &added);
	if (!e || !added)
		return;
	e->task = s->current->name_id;
	e->from_lock = h->name;
	e->to_lock = name;
	e->from_site = h->site;
	e->to_site = site;
	/*
	 * An inversion: some path already leads from the new class back to the
	 * held one (none when the new class has no edge out yet, as usual).
	 */
	if (ld->classes[cls].first_out && reachable(ld, cls, h->cls))
		report_cycle(s, ld, e);
}

uint32_t cxlsim__lockdep_acquire_slow(struct sim *s, const struct sim_lockdep_map *map,
				      uint32_t name, unsigned int subclass,
				      const struct sim_site *site, bool read)
{
	struct sim_task *cur = s->current;
	struct sim_lockdep *ld = s->lockdep;
	const struct sim_held_lock *h, *end;
	uint32_t cls;

	if (!cur || map->novalidate)
		return LD_NO_CLASS;
	if (!ld && !(ld = ld_get(s)))
		return LD_NO_CLASS;
	cls = class_index(ld, map->class ? map->class : name, subclass);
	if (cls == LD_NO_CLASS)
		return cls;
	h = cur->rt->held;
	end = h + (cur->rt->nr_held < SIM_MAX_HELD ? cur->rt->nr_held : SIM_MAX_HELD);
	for (; h < end; h++) {
		if (h->cls == cls)
			check_recursive(s, ld, h, map, name, cls, site, read);
		else if (h->cls != LD_NO_CLASS && !edge_known(ld, h->cls, cls))
			new_edge(s, ld, h, name, cls, site);
	}
	return cls;
}

void cxlsim__lockdep_push_slow(struct sim *s, const struct sim_lockdep_map *map, uint32_t name,
			       uint32_t cls, const struct sim_site *site, bool read)
{
	struct sim_task *cur = s->current;
	struct sim_held_lock *h;

	if (!cur)
		return;
	if (cur->rt->nr_held++ >= SIM_MAX_HELD)
		return;
	h = &cur->rt->held[cur->rt->nr_held - 1];
	h->map = map;
	h->site = site;
	h->cls = cls;
	h->name = name;
	h->read = read;
}

void cxlsim__lockdep_release_slow(struct sim *s, struct sim_task *t,
				  const struct sim_lockdep_map *map)
{
	struct sim_task_rt *rt = t ? t->rt : NULL;
	unsigned int nr, i;

	if (!rt || !rt->nr_held)
		return;
	nr = rt->nr_held < SIM_MAX_HELD ? rt->nr_held : SIM_MAX_HELD;
	if (nr == rt->nr_held && rt->held[nr - 1].map == map) {
		rt->nr_held--;		/* the innermost, as usual */
		return;
	}
	for (i = nr; i-- > 0;) {
		if (rt->held[i].map != map)
			continue;
		memmove(&rt->held[i], &rt->held[i + 1], (nr - i - 1) * sizeof(rt->held[0]));
		rt->nr_held--;
		return;
	}
	/* Not recorded: one of those taken beyond SIM_MAX_HELD. */
	if (rt->nr_held > SIM_MAX_HELD)
		rt->nr_held--;
}

const struct sim_held_lock *cxlsim__lockdep_held(const struct sim_task *t,
						 const struct sim_lockdep_map *map)
{
	unsigned int nr, i;

	if (!t || !t->rt)
		return NULL;
	nr = t->rt->nr_held < SIM_MAX_HELD ? t->rt->nr_held : SIM_MAX_HELD;
	for (i = nr; i-- > 0;)
		if (t->rt->held[i].map == map)
			return &t->rt->held[i];
	return NULL;
}

bool cxlsim__lockdep_downgrade(struct sim_task *t, const struct sim_lockdep_map *map)
{
	struct sim_held_lock *h = (struct sim_held_lock *)cxlsim__lockdep_held(t, map);

	if (!h)
		return false;
	h->read = true;
	return true;
}

bool sim_lock_held_by_current(struct sim *s, const struct sim_lockdep_map *map)
{
	return cxlsim__lockdep_held(s->current, map) != NULL;
}
