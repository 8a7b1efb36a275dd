// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * all-attached: once boot has settled (bus/settled.h), every memdev whose
 * hardware is ready is bound to cxl_mem, and every port the kernel enables
 * for it is bound to cxl_port.  What "would enable" means is taken from the
 * machine (the PCI tree and the host bridges), not from the ports the model
 * happened to add, following the kernel:
 *
 *  - cxl_acpi binds ACPI0017 and adds root0, a port per host bridge (none
 *    for a restricted host bridge, whose device sits on it directly);
 *    root0 matches no driver (cxl_bus_match() pairs cxl_port with
 *    CXL_DEVICE_PORT only, root0 is CXL_DEVICE_ROOT), so for the root
 *    "enabled" is ACPI0017 bound to cxl_acpi with root0 registered;
 *  - a host-bridge port is bound to cxl_port (its probe, with dports added
 *    on demand, has nothing to fail on);
 *  - cxl_mem_probe() of a memdev whose media is ready walks up from the
 *    memdev (devm_cxl_enumerate_ports()): a port for every switch upstream
 *    port between it and its host bridge, then the endpoint port below the
 *    nearest one, each bound to cxl_port;
 *  - a memdev in a slot without a CXL link (its path has no CXL root) or
 *    whose media is not ready is not required, nor are the ports only it
 *    would have added.
 *
 * The memdevs checked are those registered when boot settled: a Type-2
 * driver that unregistered its memdev on purpose (patch 6's fallback) has
 * nothing left to attach; accel-fallback judges that decision.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bus/settled.h"
#include "cxl/check_attached.h"

#define MAX_REPORTED 64

/* A registered port by its upstream device, for port_of(). */
struct port_ref {
	const struct device *uport_dev;
	size_t order;			/* on the cxl bus: the first one wins */
	struct cxl_port *port;
};

struct attached_report {
	struct sim *s;
	struct cxl_model *m;
	struct port_ref *ports;		/* sorted by uport_dev, then order; NULL: walk the bus */
	size_t nr_ports;
	char buf[900];
	size_t off;
	unsigned int nr;
	const void *seen[MAX_REPORTED];
	unsigned int nr_seen;
};

static const char *errno_name(int err)
{
	switch (err) {
	case 0:
		return "0";
	case -EPROBE_DEFER:
		return "-EPROBE_DEFER";
	case -ENXIO:
		return "-ENXIO";
	case -ENODEV:
		return "-ENODEV";
	case -EBUSY:
		return "-EBUSY";
	case -ENOMEM:
		return "-ENOMEM";
	case -EAGAIN:
		return "-EAGAIN";
	case -EINVAL:
		return "-EINVAL";
	case -EIO:
		return "-EIO";
	default:
		return NULL;
	}
}

/* Once per object: a switch port above two memdevs is one finding. */
static bool first_time(struct attached_report *r, const void *obj)
{
	unsigned int i;

	for (i = 0; i < r->nr_seen; i++)
		if (r->seen[i] == obj)
			return false;
	if (r->nr_seen < MAX_REPORTED)
		r->seen[r->nr_seen++] = obj;
	return true;
}

static void add(struct attached_report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add(struct attached_report *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	r->nr++;
	if (r->off >= sizeof(r->buf) - 1)
		return;
	if (r->off)
		r->off += (size_t)snprintf(r->buf + r->off, sizeof(r->buf) - r->off, "; ");
	if (r->off >= sizeof(r->buf) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(r->buf + r->off, sizeof(r->buf) - r->off, fmt, ap);
	va_end(ap);
	if (n > 0)
		r->off += (size_t)n;
	if (r->off > sizeof(r->buf) - 1)
		r->off = sizeof(r->buf) - 1;
}

/* "never probed" or "2 probes, last -ENXIO" */
static const char *probe_history(const struct device *dev, char *buf, size_t len)
{
	const char *e = errno_name(dev->last_probe_err);

	if (!dev->probes)
		snprintf(buf, len, "never probed");
	else if (e)
		snprintf(buf, len, "%u probe%s, last %s", dev->probes, dev->probes > 1 ? "s" : "",
			 e);
	else
		snprintf(buf, len, "%u probe%s, last %d", dev->probes, dev->probes > 1 ? "s" : "",
			 dev->last_probe_err);
	return buf;
}

static bool live(const struct device *dev)
{
	return dev && dev->magic == DEVICE_MAGIC && dev->registered && !dev->dead;
}

static int cmp_port_ref(const void *a, const void *b)
{
	const struct port_ref *x = a, *y = b;

	if (x->uport_dev != y->uport_dev)
		return (uintptr_t)x->uport_dev < (uintptr_t)y->uport_dev ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/*
 * The registered ports by upstream device, once per check: a walk of the
 * bus for each memdev made the check quadratic in the machine's size.  The
 * address order only finds entries; which port is found does not depend on
 * it (the first on the bus, as a walk finds it).
 */
static void index_ports(struct attached_report *r)
{
	struct device *dev;
	size_t n = 0;

	list_for_each_entry(dev, &r->m->cxl_bus.devices, bus_node)
		n += live(dev) && is_cxl_port(dev);
	r->ports = malloc((n ? n : 1) * sizeof(*r->ports));
	if (!r->ports)
		return;		/* port_of() walks the bus instead */
	list_for_each_entry(dev, &r->m->cxl_bus.devices, bus_node) {
		struct port_ref *ref = &r->ports[r->nr_ports];

		if (!live(dev) || !is_cxl_port(dev))
			continue;
		ref->uport_dev = to_cxl_port(dev)->uport_dev;
		ref->order = r->nr_ports++;
		ref->port = to_cxl_port(dev);
	}
	qsort(r->ports, r->nr_ports, sizeof(*r->ports), cmp_port_ref);
}

/* The registered port whose upstream device is @uport_dev, or NULL. */
static struct cxl_port *port_of(struct attached_report *r, const struct device *uport_dev)
{
	struct device *dev;
	size_t lo = 0, hi = r->nr_ports;

	if (!r->ports) {
		list_for_each_entry(dev, &r->m->cxl_bus.devices, bus_node)
			if (live(dev) && is_cxl_port(dev) &&
			    to_cxl_port(dev)->uport_dev == uport_dev)
				return to_cxl_port(dev);
		return NULL;
	}
	/* The first entry not below (uport_dev, 0). */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((uintptr_t)r->ports[mid].uport_dev < (uintptr_t)uport_dev)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->nr_ports && r->ports[lo].uport_dev == uport_dev ? r->ports[lo].port : NULL;
}

/* @port must be bound to cxl_port; @what says what it stands for. */
static void require_port(struct attached_report *r, struct cxl_port *port, const char *what,
			 const struct device *uport_dev, const struct device *below)
{
	struct sim *s = r->s;
	char h[64];

	if (!port) {
		if (!first_time(r, uport_dev))
			return;
		if (uport_dev == below)
			add(r, "%s has no %s port", sim_str(s, below->name_id), what);
		else
			add(r, "no %s port for %s (above %s)", what, sim_str(s, uport_dev->name_id),
			    sim_str(s, below->name_id));
		return;
	}
	if (port->dev.driver == &r->m->cxl_port_driver || !first_time(r, port))
		return;
	add(r, "%s (%s %s) not bound to cxl_port (%s)", sim_str(s, port->dev.name_id), what,
	    sim_str(s, uport_dev->name_id), probe_history(&port->dev, h, sizeof(h)));
}

/* The PCI tree's host bridge above @p, or NULL; false when a link on the way is not CXL. */
static bool cxl_path(struct pci_dev *p, struct pci_dev **hb)
{
	struct device *d;

	*hb = NULL;
	for (d = &p->dev; d; d = d->parent) {
		struct pci_dev *q = to_pci_dev(d);

		if (!q->cxl_link)
			return false;
		if (q->is_host_bridge) {
			*hb = q;
			return true;
		}
	}
	return false;
}

/* A restricted host bridge: a device function right on it, no root port. */
static bool hb_restricted(struct cxl_model *m, const struct pci_dev *hb)
{
	struct device *dev;

	list_for_each_entry(dev, &m->pci_bus.devices, bus_node)
		if (dev->parent == &hb->dev && to_pci_dev(dev)->class != PCI_CLASS_BRIDGE_PCI)
			return true;
	return false;
}

static void check_memdev(struct attached_report *r, struct cxl_memdev *cxlmd)
{
	struct sim *s = r->s;
	struct cxl_model *m = r->m;
	struct device *dev = &cxlmd->dev, *iter;
	struct pci_dev *p = to_pci_dev(dev->parent), *hb;
	char h[64];

	if (p->media_not_ready || !cxl_path(p, &hb))
		return;
	if (dev->driver != &m->cxl_mem_driver)
		add(r, "%s not bound to cxl_mem (%s)", sim_str(s, dev->name_id),
		    probe_history(dev, h, sizeof(h)));
	/*
	 * The ports devm_cxl_enumerate_ports() walks: each step up is the
	 * grandparent (a switch downstream port, then its upstream port) until
	 * the host bridge, whose port cxl_acpi adds.  A device on a restricted
	 * host bridge has none in between.
	 */
	for (iter = &p->dev; iter->parent && !to_pci_dev(iter->parent)->is_host_bridge;) {
		struct device *uport_dev = iter->parent->parent;

		if (!uport_dev || to_pci_dev(uport_dev)->is_host_bridge)
			break;
		require_port(r, port_of(r, uport_dev), "switch", uport_dev, dev);
		iter = uport_dev;
	}
	require_port(r, port_of(r, dev), "endpoint", dev, dev);
}

void cxl_check_attached(struct sim *s, struct cxl_model *m, const char *when)
{
	struct attached_report r = { .s = s, .m = m };
	struct device *dev;
	char why[128], h[64];
	unsigned int i;
	bool any_cxl_hb = false;

	if (!drv_core_settled(s, why, sizeof(why))) {
		sim_tracef(s, "all-attached", "-", "not checked %s: %s", when, why);
		return;
	}
	if (m->cxl_bus_registered)
		index_ports(&r);
	for (i = 0; i < m->nr_hostbridges; i++) {
		struct pci_dev *hb = m->hostbridges[i];

		if (!hb->cxl_link)
			continue;
		any_cxl_hb = true;
		if (m->cxl_bus_registered && !hb_restricted(m, hb))
			require_port(&r, port_of(&r, &hb->dev), "host-bridge", &hb->dev, &hb->dev);
	}
	if (any_cxl_hb) {
		struct device *acpi = &m->acpi0017->dev;

		if (acpi->driver != &m->cxl_acpi_driver)
			add(&r, "%s not bound to cxl_acpi (%s)", sim_str(s, acpi->name_id),
			    probe_history(acpi, h, sizeof(h)));
		else if (!m->root || !live(&m->root->dev))
			add(&r, "%s bound to cxl_acpi but no root0", sim_str(s, acpi->name_id));
	}
	if (m->cxl_bus_registered)
		list_for_each_entry(dev, &m->cxl_bus.devices, bus_node)
			if (live(dev) && is_cxl_memdev(dev))
				check_memdev(&r, to_cxl_memdev(dev));
	if (r.nr)
		sim_violation(s, "all-attached", "%u device%s left behind %s: %s%s", r.nr,
			      r.nr > 1 ? "s" : "", when, r.buf,
			      r.off >= sizeof(r.buf) - 1 ? " ..." : "");
	free(r.ports);
}
