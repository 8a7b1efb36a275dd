// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fuzz target: the topology JSON loader.  Whatever the text, loading must
 * not crash or leak, an error must come as "NAME:LINE: problem", and a
 * topology that loads must keep the limits docs/topology-format.md promises
 * (the model relies on them without checking again).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxl/topology.h"
#include "fuzz.h"

static void __attribute__((noreturn)) fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz-topology: %s: %s\n", what, detail);
	abort();
}

struct walk {
	const struct cxl_topo *t;
	size_t visited;
};

static void check_node(struct walk *w, const struct cxl_topo_node *n, unsigned int switches)
{
	unsigned int i;

	if (!n || n < w->t->nodes || n >= w->t->nodes + w->t->nr_nodes)
		fail("a port leads outside the node storage", w->t->name);
	w->visited++;
	if (n->kind != TOPO_SWITCH) {
		if (n->nr_down)
			fail("a device that is not a switch has downstream ports", w->t->name);
		return;
	}
	if (++switches > TOPO_MAX_DEPTH)
		fail("switches nest deeper than allowed", w->t->name);
	if (!n->nr_down || n->nr_down > TOPO_MAX_PORTS)
		fail("a switch with no or too many ports", w->t->name);
	for (i = 0; i < n->nr_down; i++)
		check_node(w, n->down[i], switches);
}

static void check_topology(const struct cxl_topo *t)
{
	struct walk w = { .t = t };
	unsigned int i, j;

	if (!memchr(t->name, '\0', sizeof(t->name)))
		fail("name not terminated", "");
	if (!t->nr_hb || t->nr_hb > TOPO_MAX_HB)
		fail("no or too many host bridges", t->name);
	if (t->nr_pcie_only_accel > TOPO_MAX_PCIE_ONLY)
		fail("too many PCIe-only accelerators", t->name);
	for (i = 0; i < t->nr_hb; i++) {
		const struct cxl_topo_hb *hb = &t->hb[i];

		if (hb->uid > 255)
			fail("host bridge uid above 255", t->name);
		for (j = 0; j < i; j++)
			if (t->hb[j].uid == hb->uid)
				fail("two host bridges share a uid", t->name);
		if (!hb->nr_root_ports || hb->nr_root_ports > TOPO_MAX_PORTS)
			fail("a host bridge with no or too many root ports", t->name);
		if (hb->rch &&
		    (hb->nr_root_ports != 1 || !hb->rp[0] || hb->rp[0]->kind == TOPO_SWITCH))
			fail("a restricted CXL host with more than one device or a switch",
			     t->name);
		for (j = 0; j < hb->nr_root_ports; j++)
			check_node(&w, hb->rp[j], 0);
	}
	/* Every node is behind exactly one port: none shared, none stray. */
	if (w.visited != t->nr_nodes)
		fail("node storage and the tree disagree", t->name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cxl_topo *t = NULL;
	char err[256] = "";
	char *text = malloc(size + 1);
	int rc;

	if (!text)
		return 0;
	/* The loader takes a C string: an embedded NUL ends the text early. */
	memcpy(text, data, size);
	text[size] = '\0';
	rc = cxl_topo_load_string("fuzz", text, &t, err, sizeof(err));
	if (rc == -EINVAL && strncmp(err, "fuzz:", 5))
		fail("error without a location", err);
	if (!rc && !t)
		fail("success without a topology", "");
	if (!rc)
		check_topology(t);
	cxl_topo_free(t);
	free(text);
	return 0;
}
