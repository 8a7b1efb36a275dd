// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `cxlsim list`: the end state of a run in the shape of ndctl's `cxl list`
 * (docs/cxl-list.md).  The walk follows the devices the model created:
 * root0 and its dports (the host bridges), the ports below it, the endpoints
 * below those and each endpoint's memdev.  Decoders and regions are not
 * devices in the model; they come from the topology (its CFMWS windows and
 * committed decoders) or, where it gives none, from a layout derived from it:
 * one window per host bridge and an x1 decoder chain per committed memdev.
 * The same topology therefore always lists the same numbers.
 *
 * Where an object goes follows ndctl: into the "kind:parent" array of its
 * nearest listed ancestor, else into a top-level array; when more than one
 * top-level array is non-empty each is wrapped in an object named for it.
 *
 * Nothing here runs inside the simulation: names come from sim_str(), never
 * from dev_name(), which needs a running task.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "api/model.h"
#include "cxl/cxl.h"
#include "cxl/cxl_list.h"

#define SZ_256M (256ull << 20)
/* Derived windows start at 64 GiB, above a small machine's DRAM. */
#define DERIVED_HPA_BASE (64ull << 30)
#define DERIVED_GRANULARITY 256u
#define MAX_REGIONS 64

struct region {
	int id;
	uint64_t base, size;
	bool pmem;
	const struct cxl_topo_node *node;
	struct pci_dev *pdev;
};

struct lister {
	struct sim *s;
	struct cxl_model *m;
	const struct cxl_topo *t;
	unsigned int flags;
	/* Derived layout, per node (index into t->nodes). */
	uint64_t *hpa;
	unsigned int *ordinal;
	struct cxl_topo_window derived[TOPO_MAX_HB];
	struct region regions[MAX_REGIONS];
	unsigned int nr_regions;
};

/* One decoder, whatever port it sits on, before it becomes JSON. */
struct dec {
	uint64_t base, size;
	unsigned int ways, granularity;
	unsigned int nr_targets;
	const struct device *targets[TOPO_MAX_HB > TOPO_MAX_PORTS ? TOPO_MAX_HB : TOPO_MAX_PORTS];
	unsigned int target_id[TOPO_MAX_HB > TOPO_MAX_PORTS ? TOPO_MAX_HB : TOPO_MAX_PORTS];
	bool endpoint;
	bool pmem;			   /* endpoint: maps the pmem partition */
	uint64_t dpa;			   /* endpoint: device physical base */
	const struct cxl_topo_window *win; /* root decoder: its window */
};

static bool want(const struct lister *l, unsigned int f)
{
	return l->flags & f;
}

static const char *name_of(const struct lister *l, const struct device *dev)
{
	return sim_str(l->s, dev->name_id);
}

static void add_str(struct json_object *o, const char *key, const char *v)
{
	json_object_object_add(o, key, json_object_new_string(v));
}

static void add_u64(struct json_object *o, const char *key, uint64_t v)
{
	json_object_object_add(o, key, json_object_new_uint64(v));
}

static void add_int(struct json_object *o, const char *key, int v)
{
	json_object_object_add(o, key, json_object_new_int(v));
}

static struct json_object *pick(struct json_object *a, struct json_object *b)
{
	return a ? a : b;
}

/* Hang @arr on @parent as "prefix:devname" when it has something; drop it otherwise. */
static void cond_add(struct json_object *parent, const char *prefix, const char *devname,
		     struct json_object *arr)
{
	char key[96];

	if (!arr)
		return;
	if (parent && json_object_array_length(arr)) {
		snprintf(key, sizeof(key), "%s:%s", prefix, devname);
		json_object_object_add(parent, key, arr);
		return;
	}
	json_object_put(arr);
}

/* ---- the topology behind the devices ---- */

static size_t node_slot(const struct lister *l, const struct cxl_topo_node *n)
{
	if (!n || n < l->t->nodes || n >= l->t->nodes + l->t->nr_nodes)
		return SIZE_MAX;
	return (size_t)(n - l->t->nodes);
}

/* Partition sizes; a node that gives none gets cxl_test's 256 MiB of each. */
static uint64_t node_ram(const struct cxl_topo_node *n)
{
	if (n->kind == TOPO_ACCEL)
		return n->hdm_size ? n->hdm_size : SZ_256M;
	if (!n->ram_size && !n->pmem_size)
		return SZ_256M;
	return n->ram_size;
}

static uint64_t node_pmem(const struct cxl_topo_node *n)
{
	if (n->kind == TOPO_ACCEL)
		return 0;
	if (!n->ram_size && !n->pmem_size)
		return SZ_256M;
	return n->pmem_size;
}

static uint64_t node_serial(const struct lister *l, const struct cxl_topo_node *n)
{
	size_t i = node_slot(l, n);

	if (n->serial)
		return n->serial;
	return i == SIZE_MAX ? 0 : l->ordinal[i];
}

static bool node_committed(const struct cxl_topo_node *n)
{
	return n->nr_decoders || n->committed;
}

/* The host-physical range a committed memdev's first decoder maps. */
static void node_range(const struct lister *l, const struct cxl_topo_node *n, uint64_t *base,
		       uint64_t *size, bool *pmem)
{
	size_t i = node_slot(l, n);

	if (n->nr_decoders) {
		*base = n->decoders[0].base;
		*size = n->decoders[0].size;
		*pmem = n->decoders[0].mode == TOPO_MODE_PMEM;
		return;
	}
	*base = i == SIZE_MAX ? 0 : l->hpa[i];
	*size = node_ram(n) ? node_ram(n) : node_pmem(n);
	*pmem = !node_ram(n);
}

static void layout_node(struct lister *l, const struct cxl_topo_node *n, uint64_t base,
			uint64_t *off, unsigned int *ord)
{
	size_t i = node_slot(l, n);
	unsigned int d;

	if (!n)
		return;
	if (n->kind == TOPO_SWITCH) {
		for (d = 0; d < n->nr_down; d++)
			layout_node(l, n->down[d], base, off, ord);
		return;
	}
	if (n->kind != TOPO_MEMDEV && n->kind != TOPO_ACCEL)
		return;
	if (i != SIZE_MAX) {
		l->hpa[i] = base + *off;
		l->ordinal[i] = (*ord)++;
	}
	*off += node_ram(n) + node_pmem(n);
}

/* One window per host bridge, each memdev's capacity packed in document order. */
static int layout(struct lister *l)
{
	const struct cxl_topo *t = l->t;
	uint64_t base = DERIVED_HPA_BASE;
	unsigned int h, r, ord = 0;

	l->hpa = calloc(t->nr_nodes + 1, sizeof(*l->hpa));
	l->ordinal = calloc(t->nr_nodes + 1, sizeof(*l->ordinal));
	if (!l->hpa || !l->ordinal)
		return -ENOMEM;
	for (h = 0; h < t->nr_hb; h++) {
		struct cxl_topo_window *w = &l->derived[h];
		uint64_t off = 0;

		for (r = 0; r < t->hb[h].nr_root_ports; r++)
			layout_node(l, t->hb[h].rp[r], base, &off, &ord);
		w->base = base;
		w->size = off ? (off + SZ_256M - 1) / SZ_256M * SZ_256M : SZ_256M;
		w->ways = 1;
		w->granularity = DERIVED_GRANULARITY;
		w->target_uid[0] = t->hb[h].uid;
		w->flags = TOPO_WINDOW_TYPE3 | TOPO_WINDOW_RAM | TOPO_WINDOW_PMEM;
		base += w->size;
	}
	return 0;
}

/* Regions: the soft-reserved ranges the model assembled a CXL region over. */
static void find_regions(struct lister *l)
{
	struct cxl_model *m = l->m;
	unsigned int i;

	for (i = 0; i < m->nr_ranges && l->nr_regions < MAX_REGIONS; i++) {
		struct soft_reserved *sr = &m->ranges[i];
		struct region *r = &l->regions[l->nr_regions];

		if (!sr->cxl || !sr->pdev || !sim_obj_live(sr->pdev) || !sr->pdev->topo)
			continue;
		r->id = (int)l->nr_regions;
		r->node = sr->pdev->topo;
		r->pdev = sr->pdev;
		node_range(l, r->node, &r->base, &r->size, &r->pmem);
		l->nr_regions++;
	}
}

/* The region whose range lies inside [base, base + size), or NULL. */
static const struct region *region_in(const struct lister *l, uint64_t base, uint64_t size)
{
	unsigned int i;

	for (i = 0; i < l->nr_regions; i++) {
		const struct region *r = &l->regions[i];

		if (size && r->base >= base && r->base + r->size <= base + size)
			return r;
	}
	return NULL;
}

static int hb_by_uid(const struct cxl_topo *t, unsigned int uid)
{
	unsigned int h;

	for (h = 0; h < t->nr_hb; h++)
		if (t->hb[h].uid == uid)
			return (int)h;
	return -1;
}

static int hb_index(const struct lister *l, const struct device *dev)
{
	unsigned int h;

	for (h = 0; h < l->m->nr_hostbridges && h < l->t->nr_hb; h++)
		if (&l->m->hostbridges[h]->dev == dev)
			return (int)h;
	return -1;
}

/* An RCH's host-bridge port: the kernel has none, so the listing folds it away. */
static bool is_rch_port(const struct lister *l, const struct cxl_port *port)
{
	int h = port->uport_dev ? hb_index(l, port->uport_dev) : -1;

	return h >= 0 && l->t->hb[h].rch;
}

/* ---- JSON for each object ---- */

static struct json_object *decoder_json(const struct lister *l, const struct cxl_port *port,
					unsigned int idx, const struct dec *d)
{
	struct json_object *j = json_object_new_object();
	const struct region *r = region_in(l, d->base, d->size);
	char name[48];
	unsigned int i;

	if (!j)
		return NULL;
	snprintf(name, sizeof(name), "decoder%d.%u", port->id, idx);
	add_str(j, "decoder", name);
	if (d->size) {
		add_u64(j, "resource", d->base);
		add_u64(j, "size", d->size);
	}
	add_int(j, "interleave_ways", (int)d->ways);
	if (d->ways > 1)
		add_int(j, "interleave_granularity", (int)d->granularity);
	if (r && !d->win) {
		snprintf(name, sizeof(name), "region%d", r->id);
		add_str(j, "region", name);
	}
	if (!d->size)
		add_str(j, "state", "disabled");
	if (d->endpoint && d->size) {
		add_u64(j, "dpa_resource", d->dpa);
		add_u64(j, "dpa_size", d->size / (d->ways ? d->ways : 1));
		add_str(j, "mode", d->pmem ? "pmem" : "ram");
	}
	if (d->win) {
		unsigned int f = d->win->flags;

		if (f & (TOPO_WINDOW_RAM | TOPO_WINDOW_PMEM)) {
			uint64_t used = 0;

			for (i = 0; i < l->nr_regions; i++)
				if (l->regions[i].base >= d->base &&
				    l->regions[i].base + l->regions[i].size <= d->base + d->size)
					used += l->regions[i].size;
			add_u64(j, "max_available_extent", d->size - used);
		}
		if (f & TOPO_WINDOW_PMEM)
			json_object_object_add(j, "pmem_capable", json_object_new_boolean(1));
		if (f & TOPO_WINDOW_RAM)
			json_object_object_add(j, "volatile_capable", json_object_new_boolean(1));
		if (f & TOPO_WINDOW_TYPE2)
			json_object_object_add(j, "accelmem_capable", json_object_new_boolean(1));
	}
	if (d->endpoint)
		return j;
	add_int(j, "nr_targets", (int)d->nr_targets);
	if (want(l, CXLSIM__LIST_TARGETS) && d->nr_targets) {
		struct json_object *arr = json_object_new_array();

		for (i = 0; arr && i < d->nr_targets; i++) {
			struct json_object *jt = json_object_new_object();

			if (!jt || !d->targets[i]) {
				json_object_put(jt);
				continue;
			}
			add_str(jt, "target", name_of(l, d->targets[i]));
			add_int(jt, "position", (int)i);
			add_int(jt, "id", (int)d->target_id[i]);
			json_object_array_add(arr, jt);
		}
		json_object_object_add(j, "targets", arr);
	}
	return j;
}

/* The port's dports in the order it added them: the topology's port order. */
static unsigned int port_dports(const struct cxl_port *port, const struct device **dp,
				unsigned int max)
{
	struct cxl_dport *d;
	unsigned int n = 0;

	list_for_each_entry(d, &port->dports, list) {
		if (n < max)
			dp[n] = d->dport_dev;
		n++;
	}
	return n < max ? n : max;
}

static void add_decoder(const struct lister *l, const struct cxl_port *port,
			struct json_object *arr, unsigned int *idx, unsigned int *committed,
			const struct dec *d)
{
	struct json_object *j = decoder_json(l, port, (*idx)++, d);

	if (d->size)
		(*committed)++;
	if (j)
		json_object_array_add(arr, j);
}

/* Committed memdevs below @n, in document order, each reached through dport @slot. */
static void collect_committed(const struct cxl_topo_node *n, unsigned int slot,
			      const struct cxl_topo_node **found, unsigned int *slots,
			      unsigned int *nr)
{
	unsigned int d;

	if (!n)
		return;
	if (n->kind == TOPO_SWITCH) {
		for (d = 0; d < n->nr_down; d++)
			collect_committed(n->down[d], slot, found, slots, nr);
		return;
	}
	if ((n->kind == TOPO_MEMDEV || n->kind == TOPO_ACCEL) && node_committed(n) &&
	    *nr < TOPO_MAX_DECODERS) {
		found[*nr] = n;
		slots[(*nr)++] = slot;
	}
}

/*
 * A host-bridge or switch port's decoders: the topology's committed ones,
 * else one x1 decoder per committed memdev below, else one disabled decoder.
 */
static struct json_object *switch_decoders(const struct lister *l, const struct cxl_port *port,
					   unsigned int *committed)
{
	const struct cxl_topo_node *const *below = NULL, *owner = NULL;
	const struct cxl_topo_decoder *explicit = NULL;
	const struct cxl_topo_node *found[TOPO_MAX_DECODERS];
	const struct device *dp[TOPO_MAX_PORTS];
	unsigned int nr_explicit = 0, nr_below = 0, ndp, k, i, idx = 0, slots[TOPO_MAX_DECODERS];
	unsigned int nr_found = 0;
	struct json_object *arr = json_object_new_array();
	int h = hb_index(l, port->uport_dev);
	struct dec d;

	*committed = 0;
	if (!arr)
		return NULL;
	ndp = port_dports(port, dp, TOPO_MAX_PORTS);
	if (port->uport_dev && h < 0)
		owner = to_pci_dev(port->uport_dev)->topo;
	if (h >= 0) {
		explicit = l->t->hb[h].decoders;
		nr_explicit = l->t->hb[h].nr_decoders;
		below = (const struct cxl_topo_node *const *)l->t->hb[h].rp;
		nr_below = l->t->hb[h].nr_root_ports;
	} else if (owner && owner->kind == TOPO_SWITCH) {
		explicit = owner->decoders;
		nr_explicit = owner->nr_decoders;
		below = (const struct cxl_topo_node *const *)owner->down;
		nr_below = owner->nr_down;
	}
	for (k = 0; k < nr_explicit; k++) {
		const struct cxl_topo_decoder *td = &explicit[k];

		memset(&d, 0, sizeof(d));
		d.base = td->base;
		d.size = td->size;
		d.ways = td->ways ? td->ways : 1;
		d.granularity = td->granularity;
		for (i = 0; i < td->nr_targets && i < TOPO_MAX_PORTS; i++) {
			d.targets[d.nr_targets] = td->targets[i] < ndp ? dp[td->targets[i]] : NULL;
			d.target_id[d.nr_targets++] = td->targets[i];
		}
		add_decoder(l, port, arr, &idx, committed, &d);
	}
	if (nr_explicit)
		return arr;
	for (k = 0; k < nr_below; k++)
		collect_committed(below[k], k, found, slots, &nr_found);
	for (k = 0; k < nr_found; k++) {
		bool pmem;

		memset(&d, 0, sizeof(d));
		node_range(l, found[k], &d.base, &d.size, &pmem);
		d.ways = 1;
		d.granularity = DERIVED_GRANULARITY;
		d.nr_targets = 1;
		d.targets[0] = slots[k] < ndp ? dp[slots[k]] : NULL;
		d.target_id[0] = slots[k];
		add_decoder(l, port, arr, &idx, committed, &d);
	}
	if (!nr_found) {
		memset(&d, 0, sizeof(d));
		d.ways = 1;
		for (i = 0; i < ndp; i++) {
			d.targets[d.nr_targets] = dp[i];
			d.target_id[d.nr_targets++] = i;
		}
		add_decoder(l, port, arr, &idx, committed, &d);
	}
	return arr;
}

static struct json_object *endpoint_decoders(const struct lister *l, const struct cxl_port *ep,
					     unsigned int *committed)
{
	const struct cxl_topo_node *n = ep->cxlmd ? to_pci_dev(ep->cxlmd->dev.parent)->topo : NULL;
	struct json_object *arr = json_object_new_array();
	unsigned int k, idx = 0;
	uint64_t dpa = 0;
	struct dec d;

	*committed = 0;
	if (!arr)
		return NULL;
	for (k = 0; n && k < n->nr_decoders; k++) {
		const struct cxl_topo_decoder *td = &n->decoders[k];

		memset(&d, 0, sizeof(d));
		d.endpoint = true;
		d.base = td->base;
		d.size = td->size;
		d.ways = td->ways ? td->ways : 1;
		d.granularity = td->granularity;
		d.pmem = td->mode == TOPO_MODE_PMEM;
		d.dpa = dpa;
		dpa += td->size / d.ways;
		add_decoder(l, ep, arr, &idx, committed, &d);
	}
	if (idx)
		return arr;
	memset(&d, 0, sizeof(d));
	d.endpoint = true;
	d.ways = 1;
	if (n && node_committed(n)) {
		node_range(l, n, &d.base, &d.size, &d.pmem);
		d.granularity = DERIVED_GRANULARITY;
		/* The pmem partition follows the ram one in device address space. */
		d.dpa = d.pmem ? node_ram(n) : 0;
	}
	add_decoder(l, ep, arr, &idx, committed, &d);
	return arr;
}

static struct json_object *root_decoders(const struct lister *l, const struct cxl_port *root)
{
	const struct cxl_topo *t = l->t;
	const struct cxl_topo_window *w = t->nr_windows ? t->windows : l->derived;
	unsigned int nr = t->nr_windows ? t->nr_windows : t->nr_hb, k, i, idx = 0, committed = 0;
	struct json_object *arr = json_object_new_array();
	struct dec d;

	if (!arr)
		return NULL;
	for (k = 0; k < nr; k++) {
		memset(&d, 0, sizeof(d));
		d.win = &w[k];
		d.base = w[k].base;
		d.size = w[k].size;
		d.ways = w[k].ways ? w[k].ways : 1;
		d.granularity = w[k].granularity;
		for (i = 0; i < d.ways && i < TOPO_MAX_HB; i++) {
			int h = hb_by_uid(t, w[k].target_uid[i]);

			d.targets[i] = NULL;
			if (h >= 0 && (unsigned int)h < l->m->nr_hostbridges)
				d.targets[i] = &l->m->hostbridges[h]->dev;
			d.target_id[i] = w[k].target_uid[i];
		}
		d.nr_targets = i;
		add_decoder(l, root, arr, &idx, &committed, &d);
	}
	return arr;
}

static struct json_object *memdev_json(const struct lister *l, const struct cxl_memdev *cxlmd)
{
	struct json_object *j = json_object_new_object();
	const struct device *fn = cxlmd->dev.parent;
	const struct cxl_topo_node *n = fn ? to_pci_dev((struct device *)fn)->topo : NULL;

	if (!j)
		return NULL;
	add_str(j, "memdev", name_of(l, &cxlmd->dev));
	if (n && node_pmem(n))
		add_u64(j, "pmem_size", node_pmem(n));
	if (n && node_ram(n))
		add_u64(j, "ram_size", node_ram(n));
	if (n)
		add_u64(j, "serial", node_serial(l, n));
	if (fn)
		add_str(j, "host", name_of(l, fn));
	if (!cxlmd->dev.driver)
		add_str(j, "state", "disabled");
	return j;
}

static struct json_object *port_json(const struct lister *l, const struct cxl_port *port,
				     const char *key, int depth, const struct device *parent_dport,
				     unsigned int committed)
{
	struct json_object *j = json_object_new_object();

	if (!j)
		return NULL;
	add_str(j, key, name_of(l, &port->dev));
	if (port->uport_dev)
		add_str(j, "host", name_of(l, port->uport_dev));
	if (parent_dport)
		add_str(j, "parent_dport", name_of(l, parent_dport));
	add_int(j, "depth", depth);
	if (!port->dev.driver)
		add_str(j, "state", "disabled");
	add_int(j, "decoders_committed", (int)committed);
	return j;
}

static void dports_json(const struct lister *l, struct json_object *j, const struct cxl_port *port)
{
	struct json_object *arr;
	struct cxl_dport *d;
	unsigned int n = 0;

	if (!want(l, CXLSIM__LIST_TARGETS) || list_empty(&port->dports))
		return;
	arr = json_object_new_array();
	list_for_each_entry(d, &port->dports, list) {
		struct json_object *jd = json_object_new_object();
		int h = port->is_root ? hb_index(l, d->dport_dev) : -1;

		if (!jd)
			continue;
		add_str(jd, "dport", name_of(l, d->dport_dev));
		add_int(jd, "id", h >= 0 ? (int)l->t->hb[h].uid : (int)n);
		json_object_array_add(arr, jd);
		n++;
	}
	add_int(j, "nr_dports", (int)n);
	json_object_object_add(j, "dports", arr);
}

/* ---- the walk ---- */

struct sinks {
	struct json_object *ports, *portdecs, *eps, *epdecs, *devs;
};

static bool listed(const struct lister *l, const struct device *dev)
{
	return dev->driver || want(l, CXLSIM__LIST_IDLE);
}

/* Move @src's elements to the end of @dst and drop @src. */
static void append_all(struct json_object *dst, struct json_object *src)
{
	size_t i;

	for (i = 0; src && i < json_object_array_length(src); i++)
		json_object_array_add(dst, json_object_get(json_object_array_get_idx(src, i)));
	json_object_put(src);
}

/* Endpoints whose parent is @port, with their memdevs and decoders. */
static void walk_endpoints(const struct lister *l, const struct cxl_port *port, int depth,
			   const struct device *parent_dport, struct json_object *jeps,
			   struct json_object *jdevs, struct json_object *jdecs)
{
	struct device *dev;

	list_for_each_entry(dev, &l->m->cxl_bus.devices, bus_node) {
		struct cxl_port *ep;
		struct json_object *jep = NULL, *decs = NULL;
		unsigned int committed = 0;

		if (!is_cxl_port(dev) || dev->parent != &port->dev)
			continue;
		ep = to_cxl_port(dev);
		if (!ep->is_endpoint || !listed(l, dev))
			continue;
		if (dev->driver)
			decs = endpoint_decoders(l, ep, &committed);
		if (want(l, CXLSIM__LIST_ENDPOINTS)) {
			const struct device *pd = parent_dport;

			if (!pd && ep->parent_dport)
				pd = ep->parent_dport->dport_dev;
			jep = port_json(l, ep, "endpoint", depth, pd, committed);
			if (jep)
				json_object_array_add(jeps, jep);
		}
		if (want(l, CXLSIM__LIST_MEMDEVS) && ep->cxlmd && listed(l, &ep->cxlmd->dev)) {
			struct json_object *jm = memdev_json(l, ep->cxlmd);

			if (jep)
				json_object_object_add(jep, "memdev", jm);
			else if (jm)
				json_object_array_add(jdevs, jm);
		}
		if (!want(l, CXLSIM__LIST_DECODERS) || !decs)
			json_object_put(decs);
		else if (jep)
			cond_add(jep, "decoders", name_of(l, dev), decs);
		else
			append_all(jdecs, decs);
	}
}

static void walk_ports(const struct lister *l, const struct cxl_port *parent, int depth,
		       const struct sinks *up)
{
	struct device *dev;

	list_for_each_entry(dev, &l->m->cxl_bus.devices, bus_node) {
		struct json_object *jport = NULL, *decs = NULL;
		struct sinks in = { 0 }, down;
		unsigned int committed = 0;
		struct cxl_port *port;

		if (!is_cxl_port(dev) || dev->parent != &parent->dev)
			continue;
		port = to_cxl_port(dev);
		if (port->is_endpoint || port->is_root || !listed(l, dev))
			continue;
		if (parent->is_root && is_rch_port(l, port))
			continue;
		if (dev->driver)
			decs = switch_decoders(l, port, &committed);
		if (want(l, CXLSIM__LIST_PORTS)) {
			/* ndctl prints no parent_dport for a host-bridge port. */
			const struct device *pd = NULL;

			if (depth > 1 && port->parent_dport)
				pd = port->parent_dport->dport_dev;
			jport = port_json(l, port, "port", depth, pd, committed);
			if (jport) {
				json_object_array_add(up->ports, jport);
				dports_json(l, jport, port);
				in.ports = json_object_new_array();
				if (want(l, CXLSIM__LIST_MEMDEVS) &&
				    !want(l, CXLSIM__LIST_ENDPOINTS))
					in.devs = json_object_new_array();
				if (want(l, CXLSIM__LIST_ENDPOINTS))
					in.eps = json_object_new_array();
				if (want(l, CXLSIM__LIST_DECODERS))
					in.portdecs = json_object_new_array();
			}
		}
		in.epdecs = in.portdecs;
		down = (struct sinks){
			.ports = pick(in.ports, up->ports),
			.portdecs = pick(in.portdecs, up->portdecs),
			.eps = pick(in.eps, up->eps),
			.epdecs = pick(in.epdecs, up->epdecs),
			.devs = pick(in.devs, up->devs),
		};
		walk_endpoints(l, port, depth + 1, NULL, down.eps, down.devs, down.epdecs);
		if (want(l, CXLSIM__LIST_DECODERS) && decs)
			append_all(down.portdecs, decs);
		else
			json_object_put(decs);
		walk_ports(l, port, depth + 1, &down);
		cond_add(jport, "ports", name_of(l, dev), in.ports);
		cond_add(jport, "endpoints", name_of(l, dev), in.eps);
		cond_add(jport, "decoders", name_of(l, dev), in.portdecs);
		cond_add(jport, "memdevs", name_of(l, dev), in.devs);
	}
}

static struct json_object *region_json(const struct lister *l, const struct region *r)
{
	struct json_object *j = json_object_new_object();
	char name[32];
	struct device *dev;

	if (!j)
		return NULL;
	snprintf(name, sizeof(name), "region%d", r->id);
	add_str(j, "region", name);
	add_u64(j, "resource", r->base);
	add_u64(j, "size", r->size);
	add_str(j, "type", r->pmem ? "pmem" : "ram");
	add_int(j, "interleave_ways", 1);
	add_int(j, "interleave_granularity", (int)DERIVED_GRANULARITY);
	add_str(j, "decode_state", "commit");
	if (!want(l, CXLSIM__LIST_TARGETS))
		return j;
	/* The one mapping of an x1 region: the memdev on that function and its endpoint. */
	list_for_each_entry(dev, &l->m->cxl_bus.devices, bus_node) {
		struct cxl_memdev *cxlmd;
		struct json_object *arr, *jm;

		if (!is_cxl_memdev(dev) || dev->parent != &r->pdev->dev)
			continue;
		cxlmd = to_cxl_memdev(dev);
		arr = json_object_new_array();
		jm = json_object_new_object();
		if (!arr || !jm) {
			json_object_put(arr);
			json_object_put(jm);
			break;
		}
		add_int(jm, "position", 0);
		add_str(jm, "memdev", name_of(l, dev));
		if (cxlmd->endpoint && sim_obj_live(cxlmd->endpoint)) {
			snprintf(name, sizeof(name), "decoder%d.0", cxlmd->endpoint->id);
			add_str(jm, "decoder", name);
		}
		json_object_array_add(arr, jm);
		json_object_object_add(j, "mappings", arr);
		break;
	}
	return j;
}

struct top {
	const char *name;
	struct json_object *arr;
};

static char *render(struct top *tops, size_t n)
{
	struct json_object *platform = json_object_new_array();
	size_t i, nonempty = 0;
	char *text = NULL;

	for (i = 0; i < n; i++)
		nonempty += tops[i].arr && json_object_array_length(tops[i].arr);
	for (i = 0; platform && i < n; i++) {
		struct json_object *wrap;

		if (!tops[i].arr || !json_object_array_length(tops[i].arr))
			continue;
		if (nonempty == 1) {
			json_object_put(platform);
			platform = json_object_get(tops[i].arr);
			break;
		}
		wrap = json_object_new_object();
		if (wrap) {
			json_object_object_add(wrap, tops[i].name, json_object_get(tops[i].arr));
			json_object_array_add(platform, wrap);
		}
	}
	if (platform)
		text = strdup(json_object_to_json_string_ext(
			platform, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(platform);
	return text;
}

static char *walk(struct lister *l)
{
	struct cxl_model *m = l->m;
	struct top tops[] = {
		{ "anon memdevs", json_object_new_array() },
		{ "buses", json_object_new_array() },
		{ "ports", json_object_new_array() },
		{ "endpoints", json_object_new_array() },
		{ "memdevs", json_object_new_array() },
		{ "root decoders", json_object_new_array() },
		{ "port decoders", json_object_new_array() },
		{ "endpoint decoders", json_object_new_array() },
		{ "regions", json_object_new_array() },
	};
	const size_t nr_tops = sizeof(tops) / sizeof(tops[0]);
	struct cxl_port *root = m->root;
	struct json_object *jbus = NULL, *bports = NULL, *beps = NULL, *bdecs = NULL, *bdevs = NULL,
			   *bregions = NULL;
	struct sinks top;
	struct device *dev;
	char *text;
	size_t i;
	unsigned int k;

	for (i = 0; i < nr_tops; i++)
		if (!tops[i].arr)
			goto out;
	if (want(l, CXLSIM__LIST_IDLE) && want(l, CXLSIM__LIST_MEMDEVS) && m->cxl_bus_registered)
		list_for_each_entry(dev, &m->cxl_bus.devices, bus_node)
			if (is_cxl_memdev(dev) && !dev->driver)
				json_object_array_add(tops[0].arr,
						      memdev_json(l, to_cxl_memdev(dev)));
	if (!root || !m->cxl_bus_registered)
		goto out;
	if (want(l, CXLSIM__LIST_BUSES)) {
		jbus = json_object_new_object();
		if (!jbus)
			goto out;
		add_str(jbus, "bus", name_of(l, &root->dev));
		add_str(jbus, "provider", "ACPI.CXL");
		dports_json(l, jbus, root);
		json_object_array_add(tops[1].arr, jbus);
		if (want(l, CXLSIM__LIST_PORTS))
			bports = json_object_new_array();
		if (want(l, CXLSIM__LIST_ENDPOINTS))
			beps = json_object_new_array();
		if (want(l, CXLSIM__LIST_MEMDEVS) && !want(l, CXLSIM__LIST_PORTS) &&
		    !want(l, CXLSIM__LIST_ENDPOINTS))
			bdevs = json_object_new_array();
		if (want(l, CXLSIM__LIST_DECODERS))
			bdecs = json_object_new_array();
		if (want(l, CXLSIM__LIST_REGIONS))
			bregions = json_object_new_array();
	}
	top = (struct sinks){
		.ports = pick(bports, tops[2].arr),
		.eps = pick(beps, tops[3].arr),
		.devs = pick(bdevs, tops[4].arr),
		.portdecs = pick(bdecs, tops[6].arr),
		.epdecs = pick(bdecs, tops[7].arr),
	};
	if (want(l, CXLSIM__LIST_DECODERS))
		append_all(pick(bdecs, tops[5].arr), root_decoders(l, root));
	walk_ports(l, root, 1, &top);
	/* RCDs: their endpoints hang off the root, through the host bridge's dport. */
	walk_endpoints(l, root, 1, NULL, top.eps, top.devs, top.epdecs);
	if (want(l, CXLSIM__LIST_REGIONS))
		for (k = 0; k < l->nr_regions; k++)
			json_object_array_add(pick(bregions, tops[8].arr),
					      region_json(l, &l->regions[k]));
	cond_add(jbus, "ports", name_of(l, &root->dev), bports);
	cond_add(jbus, "endpoints", name_of(l, &root->dev), beps);
	cond_add(jbus, "decoders", name_of(l, &root->dev), bdecs);
	cond_add(jbus, "memdevs", name_of(l, &root->dev), bdevs);
	cond_add(jbus, "regions", name_of(l, &root->dev), bregions);
out:
	text = render(tops, nr_tops);
	for (i = 0; i < nr_tops; i++)
		json_object_put(tops[i].arr);
	return text;
}

char *cxl_list_json(struct sim *s, unsigned int flags)
{
	struct lister *l = calloc(1, sizeof(*l));
	struct cxl_model *m = sim_layer(s, SIM_LAYER_CXL);
	static const struct cxl_topo empty;
	char *text = NULL;

	if (!l)
		return NULL;
	l->s = s;
	l->m = m;
	l->t = m && m->topo ? m->topo : &empty;
	l->flags = flags;
	if (!m) {
		text = strdup("[\n]");
	} else if (!layout(l)) {
		find_regions(l);
		text = walk(l);
	}
	free(l->hpa);
	free(l->ordinal);
	free(l);
	return text;
}
