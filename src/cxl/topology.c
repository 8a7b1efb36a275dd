// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Built-in topologies.  "default" follows the shape of the kernel's cxl_test
 * mock (tools/testing/cxl/test/cxl.c): two host bridges with two root ports
 * each and a switch with two downstream ports under every root port (8
 * memdevs), a single-port host bridge with its own switch and two memdevs,
 * and a restricted CXL host with one RCD.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxl/topology.h"

static struct cxl_topo_node *node(struct cxl_topo *t, enum cxl_topo_kind kind)
{
	struct cxl_topo_node *n;

	if (t->nr_nodes == t->cap_nodes)
		return NULL;
	n = &t->nodes[t->nr_nodes++];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	return n;
}

static struct cxl_topo_node *switch_of(struct cxl_topo *t, unsigned int nr, enum cxl_topo_kind leaf)
{
	struct cxl_topo_node *sw = node(t, TOPO_SWITCH);
	unsigned int i;

	if (!sw)
		return NULL;
	sw->down = cxl_topo_links(t, nr);
	if (!sw->down)
		return NULL;
	sw->nr_down = nr;
	for (i = 0; i < nr; i++)
		sw->down[i] = node(t, leaf);
	return sw;
}

struct cxl_topo *cxl_topo_alloc(const char *name, size_t nodes)
{
	struct cxl_topo *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->nodes = calloc(nodes, sizeof(*t->nodes));
	t->links = calloc(nodes, sizeof(*t->links));
	if (!t->nodes || !t->links) {
		cxl_topo_free(t);
		return NULL;
	}
	t->cap_nodes = nodes;
	snprintf(t->name, sizeof(t->name), "%s", name);
	return t;
}

struct cxl_topo_node **cxl_topo_links(struct cxl_topo *t, unsigned int nr)
{
	struct cxl_topo_node **l;

	if (nr > t->cap_nodes - t->nr_links)
		return NULL;
	l = &t->links[t->nr_links];
	t->nr_links += nr;
	return l;
}

/* cxl_test's mock (tools/testing/cxl/test/cxl.c). */
static int topo_default(struct cxl_topo **out)
{
	struct cxl_topo *t = cxl_topo_alloc("default", 64);
	unsigned int h, r;

	if (!t)
		return -ENOMEM;
	for (h = 0; h < 2; h++) {
		t->hb[h].uid = h;
		t->hb[h].nr_root_ports = 2;
		for (r = 0; r < 2; r++) {
			t->hb[h].rp[r] = switch_of(t, 2, TOPO_MEMDEV);
			/* Firmware set up one region per switch: its range is soft-reserved. */
			t->hb[h].rp[r]->down[0]->committed = true;
		}
	}
	t->hb[2].uid = 2;
	t->hb[2].nr_root_ports = 1;
	t->hb[2].rp[0] = switch_of(t, 2, TOPO_MEMDEV);
	t->hb[3].uid = 3;
	t->hb[3].rch = true;
	t->hb[3].nr_root_ports = 1;
	t->hb[3].rp[0] = node(t, TOPO_MEMDEV);
	t->nr_hb = 4;
	*out = t;
	return 0;
}

static int topo_minimal(struct cxl_topo **out)
{
	struct cxl_topo *t = cxl_topo_alloc("minimal", 4);

	if (!t)
		return -ENOMEM;
	t->hb[0].nr_root_ports = 1;
	t->hb[0].rp[0] = node(t, TOPO_MEMDEV);
	t->hb[0].rp[0]->committed = true;
	t->nr_hb = 1;
	*out = t;
	return 0;
}

static int topo_accel(struct cxl_topo **out)
{
	struct cxl_topo *t = cxl_topo_alloc("accel", 8);

	if (!t)
		return -ENOMEM;
	t->hb[0].nr_root_ports = 2;
	t->hb[0].rp[0] = node(t, TOPO_ACCEL);
	t->hb[0].rp[1] = node(t, TOPO_MEMDEV);
	/*
	 * An expander with repair features (sparing or soft PPR), so
	 * cxl_mem keeps EDAC repair records for it; cxl_test's mock
	 * memdevs have none, so "default" does not.
	 */
	t->hb[0].rp[1]->repair_features = true;
	t->nr_hb = 1;
	t->nr_pcie_only_accel = 1;
	*out = t;
	return 0;
}

const struct cxl_topo_builtin_desc cxl_topo_builtins[] = {
	{ "default", "cxl_test's mock: 4 host bridges (one a CXL 1.1\n"
		     "RCH), switches and memdevs (default)", topo_default },
	{ "minimal", "one host bridge, one root port, one memdev", topo_minimal },
	{ "accel", "Type-2 accelerators in a CXL slot and in a\n"
		   "PCIe-only slot, and a memdev with repair features", topo_accel },
	{ NULL, NULL, NULL },
};

int cxl_topo_builtin(const char *name, struct cxl_topo **out)
{
	const struct cxl_topo_builtin_desc *b;

	for (b = cxl_topo_builtins; b->name; b++)
		if (!strcmp(b->name, name))
			return b->build(out);
	return -ENOENT;
}

/* As many ports as needed for subtrees of at most 16 memdevs each, then split evenly. */
static unsigned int gen_fanout(unsigned int k)
{
	unsigned int nr = k <= TOPO_MAX_PORTS ? k : (k + TOPO_MAX_PORTS - 1) / TOPO_MAX_PORTS;

	return nr > TOPO_MAX_PORTS ? TOPO_MAX_PORTS : nr;
}

/* How many nodes gen_subtree() makes for @k memdevs. */
static size_t gen_subtree_nodes(unsigned int k)
{
	unsigned int i, nr, per, extra;
	size_t n = 1;

	if (k == 1)
		return n;
	nr = gen_fanout(k);
	per = k / nr;
	extra = k % nr;
	for (i = 0; i < nr; i++)
		n += gen_subtree_nodes(per + (i < extra));
	return n;
}

/* A subtree holding @k memdevs: a lone memdev, or a switch fanning out as evenly as it can. */
static struct cxl_topo_node *gen_subtree(struct cxl_topo *t, unsigned int k)
{
	struct cxl_topo_node *sw;
	unsigned int i, nr, per, extra;

	if (k == 1)
		return node(t, TOPO_MEMDEV);
	sw = node(t, TOPO_SWITCH);
	if (!sw)
		return NULL;
	nr = gen_fanout(k);
	per = k / nr;
	extra = k % nr;
	sw->down = cxl_topo_links(t, nr);
	if (!sw->down)
		return NULL;
	sw->nr_down = nr;
	for (i = 0; i < nr; i++) {
		sw->down[i] = gen_subtree(t, per + (i < extra));
		if (!sw->down[i])
			return NULL;
	}
	return sw;
}

/* Memdevs on host bridge @h of @nr_hb, shared evenly. */
static unsigned int gen_hb_share(unsigned int nr_memdevs, unsigned int nr_hb, unsigned int h)
{
	return nr_memdevs / nr_hb + (h < nr_memdevs % nr_hb);
}

static unsigned int gen_root_ports(unsigned int nr_memdevs, unsigned int nr_hb, unsigned int h)
{
	unsigned int m = gen_hb_share(nr_memdevs, nr_hb, h);
	unsigned int nr_rp = (m + TOPO_MAX_PORTS - 1) / TOPO_MAX_PORTS;

	return nr_rp > TOPO_MAX_PORTS ? TOPO_MAX_PORTS : nr_rp;
}

/* Memdevs below root port @r of host bridge @h. */
static unsigned int gen_rp_share(unsigned int nr_memdevs, unsigned int nr_hb, unsigned int h,
				 unsigned int r)
{
	unsigned int m = gen_hb_share(nr_memdevs, nr_hb, h);
	unsigned int nr_rp = gen_root_ports(nr_memdevs, nr_hb, h);

	return m / nr_rp + (r < m % nr_rp);
}

/*
 * Host bridges get 16 memdevs each until all 16 exist, root ports likewise,
 * and each root port's share hangs below one switch (two levels of switches
 * past 4096 memdevs; a lone memdev sits on its root port).
 */
int cxl_topo_generate(unsigned int nr_memdevs, struct cxl_topo **out)
{
	unsigned int nr_hb, h, r;
	struct cxl_topo *t;
	size_t nodes = 0;
	char name[32];

	if (!nr_memdevs || nr_memdevs > TOPO_MAX_ENDPOINTS)
		return -EINVAL;
	snprintf(name, sizeof(name), "gen:%u", nr_memdevs);
	nr_hb = (nr_memdevs + TOPO_MAX_PORTS - 1) / TOPO_MAX_PORTS;
	if (nr_hb > TOPO_MAX_HB)
		nr_hb = TOPO_MAX_HB;
	/* Two passes over the same shape: count the nodes, then make exactly that many. */
	for (h = 0; h < nr_hb; h++)
		for (r = 0; r < gen_root_ports(nr_memdevs, nr_hb, h); r++)
			nodes += gen_subtree_nodes(gen_rp_share(nr_memdevs, nr_hb, h, r));
	t = cxl_topo_alloc(name, nodes);
	if (!t)
		return -ENOMEM;
	t->nr_hb = nr_hb;
	for (h = 0; h < nr_hb; h++) {
		struct cxl_topo_hb *hb = &t->hb[h];
		unsigned int nr_rp = gen_root_ports(nr_memdevs, nr_hb, h);

		hb->uid = h;
		hb->nr_root_ports = nr_rp;
		for (r = 0; r < nr_rp; r++) {
			hb->rp[r] = gen_subtree(t, gen_rp_share(nr_memdevs, nr_hb, h, r));
			if (!hb->rp[r]) {
				cxl_topo_free(t);
				return -ENOMEM;
			}
		}
	}
	*out = t;
	return 0;
}

void cxl_topo_free(struct cxl_topo *t)
{
	if (!t)
		return;
	free(t->nodes);
	free(t->links);
	free(t->decoders);
	free(t);
}

unsigned int cxl_topo_count(const struct cxl_topo *t, enum cxl_topo_kind kind)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < t->nr_nodes; i++)
		n += t->nodes[i].kind == kind;
	return n;
}

bool cxl_topo_has_pmem_window(const struct cxl_topo *t)
{
	size_t i;

	if (t->nr_windows) {
		for (i = 0; i < t->nr_windows; i++)
			if (t->windows[i].flags & TOPO_WINDOW_PMEM)
				return true;
		return false;
	}
	if (t->pmem_window_set)
		return t->pmem_window;
	for (i = 0; i < t->nr_nodes; i++)
		if (t->nodes[i].kind == TOPO_MEMDEV && t->nodes[i].pmem_size)
			return true;
	return false;
}
