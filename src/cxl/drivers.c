// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The CXL drivers and their modules: cxl_acpi (acpi.c), cxl_port (port.c),
 * cxl_mem (mem.c), cxl_pci (pci.c) and a Type-2 accelerator shaped like the
 * sfc driver's CXL use.  Each `if (cxl_variant(...))` sits where its patch
 * changes the code.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cxl/cxl.h"

/* ---- cxl_acpi ---- */

static void cxl_acpi_remove_root(void *data)
{
	cxl_model()->root = NULL;
}

/*
 * Add root0 (its uport is ACPI0017 itself), one dport per host bridge, then
 * a port per host bridge except a restricted one (an RCH has no port: its
 * RCD is an endpoint right below root0), and rescan the cxl bus so memdevs
 * that failed to find the topology try again.  The host-bridge ports start
 * without dports; their root ports become dports as memdevs below probe.
 */
static int cxl_acpi_probe(struct device *dev)
{
	struct cxl_model *m = cxl_model();
	struct cxl_port *root, *port;
	struct cxl_dport *dport;
	struct device *hb;
	unsigned int i;
	int rc;

	root = devm_cxl_add_port(dev, dev, NULL);
	if (IS_ERR(root))
		return PTR_ERR(root);
	m->root = root;
	rc = devm_add_action_or_reset(dev, cxl_acpi_remove_root, NULL);
	if (rc)
		return rc;
	/* Host bridges: the ACPI0016 objects the model keeps off any bus. */
	for (i = 0; i < m->nr_hostbridges; i++) {
		hb = &m->hostbridges[i]->dev;
		if (!m->hostbridges[i]->cxl_link)
			continue;
		if (m->hostbridges[i]->rch)
			dport = devm_cxl_add_rch_dport(root, hb);
		else
			dport = devm_cxl_add_dport(root, hb);
		if (IS_ERR(dport))
			return PTR_ERR(dport);
	}
	for (i = 0; i < m->nr_hostbridges; i++) {
		hb = &m->hostbridges[i]->dev;
		if (!m->hostbridges[i]->cxl_link)
			continue;
		dport = find_cxl_dport_by_dev(root, hb);
		if (!dport || dport->rch)
			continue;
		/* Owned by ACPI0017, not root0: root0 has no driver to run devres. */
		port = devm_cxl_add_port(dev, hb, dport);
		if (IS_ERR(port))
			return PTR_ERR(port);
	}
	/* add_root_nvdimm_bridge(): one bridge, when a root decoder allows pmem. */
	if (cxl_topo_has_pmem_window(m->topo)) {
		struct cxl_nvdimm_bridge *cxl_nvb = devm_cxl_add_nvdimm_bridge(dev, root);

		if (IS_ERR(cxl_nvb))
			return PTR_ERR(cxl_nvb);
	}
	cxl_bus_rescan();
	return 0;
}

static int cxl_acpi_init(void)
{
	struct cxl_model *m = cxl_model();

	m->cxl_acpi_driver = (struct device_driver){
		.name = "cxl_acpi",
		.bus = &m->platform_bus,
		.probe = cxl_acpi_probe,
	};
	return driver_register(&m->cxl_acpi_driver);
}

static void cxl_acpi_exit(void)
{
	driver_unregister(&cxl_model()->cxl_acpi_driver);
	cxl_bus_drain();
}

/* ---- cxl_port ---- */

static void schedule_detach(void *cxlmd)
{
	schedule_cxl_memdev_detach(cxlmd);
}

/*
 * An endpoint holds its memdev, and detaches it when cxl_port lets go of the
 * endpoint: the CXL link to the root is gone.
 */
static int cxl_endpoint_port_probe(struct cxl_port *port)
{
	struct cxl_memdev *cxlmd = to_cxl_memdev(port->uport_dev);
	int rc;

	get_device(&cxlmd->dev);
	rc = devm_add_action_or_reset(&port->dev, schedule_detach, cxlmd);
	if (rc)
		return rc;
	cxl_endpoint_region_discovery(port);
	return 0;
}

static int cxl_port_probe(struct device *dev)
{
	struct cxl_port *port = to_cxl_port(dev);

	sim_tracef(sim_current(), "cxl_port_probe", dev_name(dev), "%s",
		   port->is_endpoint ? "endpoint" : "switch");
	if (port->is_endpoint)
		return cxl_endpoint_port_probe(port);
	return 0;
}

/*
 * Minimal region auto-assembly: each committed decoder belongs to one region
 * over a soft-reserved range; the region assembles when cxl_port has bound
 * the endpoint of every memdev interleaved in it (x1 for a memdev alone).
 */
void cxl_endpoint_region_discovery(struct cxl_port *endpoint)
{
	struct cxl_model *m = cxl_model();
	struct device *pdev = endpoint->uport_dev->parent;
	unsigned int i, w;

	for (i = 0; i < m->nr_ranges; i++) {
		struct soft_reserved *r = &m->ranges[i];

		for (w = 0; w < r->ways; w++)
			if (&r->members[w]->dev == pdev)
				break;
		if (w == r->ways || r->cxl)
			continue;
		r->attached |= 1u << w;
		if (r->attached != (1u << r->ways) - 1) {
			sim_tracef(sim_current(), "region-target", dev_name(&endpoint->dev),
				   "soft-reserved range %u: position %u of %u", i, w, r->ways);
			continue;
		}
		r->cxl = true;
		sim_tracef(sim_current(), "region-assembled", dev_name(&endpoint->dev),
			   "soft-reserved range %u, x%u%s", i, r->ways,
			   r->hmem ? " (dax_hmem already took it)" : "");
	}
}

static int cxl_port_init(void)
{
	struct cxl_model *m = cxl_model();

	m->cxl_port_driver = (struct device_driver){
		.name = "cxl_port",
		.probe = cxl_port_probe,
		/* Patch 3: the endpoint add checks the bind right after device_add(). */
		.probe_type = cxl_variant(CXL_SYNC_ENDPOINT_ATTACH) ? PROBE_FORCE_SYNCHRONOUS :
								       PROBE_DEFAULT_STRATEGY,
	};
	return cxl_driver_register(&m->cxl_port_driver);
}

static void cxl_port_exit(void)
{
	driver_unregister(&cxl_model()->cxl_port_driver);
}

/*
 * Add the endpoint port for @cxlmd below @parent_dport and insist that
 * cxl_port bound it.  Static in mem.c before the series; in cxl_port.ko with
 * sync-endpoint-attach, so cxl_mem cannot load without cxl_port.
 */
int devm_cxl_add_endpoint(struct device *host, struct cxl_memdev *cxlmd,
			  struct cxl_dport *parent_dport)
{
	struct cxl_port *endpoint;
	int rc;

	endpoint = devm_cxl_add_port(host, &cxlmd->dev, parent_dport);
	if (IS_ERR(endpoint))
		return PTR_ERR(endpoint);
	endpoint->cxlmd = cxlmd;
	cxlmd->endpoint = endpoint;
	rc = cxl_endpoint_autoremove(cxlmd, endpoint);
	if (rc)
		return rc;
	if (!endpoint->dev.driver) {
		sim_tracef(sim_current(), "endpoint-failed", dev_name(&cxlmd->dev),
			   "%s failed probe", dev_name(&endpoint->dev));
		return -ENXIO;
	}
	return 0;
}

/* ---- cxl_mem ---- */

static int cxl_mem_probe(struct device *dev)
{
	struct cxl_memdev *cxlmd = to_cxl_memdev(dev);
	struct cxl_dev_state *cxlds = cxlmd->cxlds;
	struct cxl_port *parent_port;
	struct cxl_dport *dport;
	struct device *endpoint_parent;
	int rc;

	if (!cxlds->media_ready)
		return -EBUSY;
	/*
	 * A reattach after memN lost its port: while the detach queued by
	 * cxl_port is still pending, refuse; the hierarchy's return rescans.
	 */
	if (cxlmd->detach && sim_work_pending(&cxlmd->detach->work))
		return -EBUSY;
	rc = devm_cxl_enumerate_ports(cxlmd);
	if (rc)
		return rc;
	parent_port = cxl_mem_find_port(cxlmd, &dport);
	if (!parent_port) {
		sim_tracef(sim_current(), "cxl_mem", dev_name(dev), "CXL port topology not found");
		return -ENXIO;
	}
	/* Persistent capacity: pmemN before the endpoint; every error fails the probe. */
	if (cxlds->pmem_size) {
		rc = devm_cxl_add_nvdimm(parent_port, cxlmd);
		if (rc) {
			if (rc == -ENODEV)
				sim_tracef(sim_current(), "cxl_mem", dev_name(dev),
					   "PMEM disabled by platform");
			put_device(&parent_port->dev);
			return rc;
		}
	}
	/* An RCD's endpoint belongs to the root's uport, the platform device. */
	if (dport->rch)
		endpoint_parent = parent_port->uport_dev;
	else
		endpoint_parent = &parent_port->dev;
	device_lock(endpoint_parent);
	if (!endpoint_parent->driver) {
		sim_tracef(sim_current(), "cxl_mem", dev_name(dev),
			   "CXL port topology %s not enabled", dev_name(endpoint_parent));
		rc = -ENXIO;
	} else {
		rc = devm_cxl_add_endpoint(endpoint_parent, cxlmd, dport);
	}
	device_unlock(endpoint_parent);
	put_device(&parent_port->dev);
	if (rc)
		return rc;
	/* Patch 6: the caller's own check runs last; its failure fails the attach. */
	if (cxlmd->attach && cxlmd->attach->probe) {
		rc = cxlmd->attach->probe(cxlmd);
		if (rc)
			return rc;
	}
	/* EDAC is best effort: a failure is only logged. */
	rc = devm_cxl_memdev_edac_register(cxlmd);
	if (rc)
		sim_tracef(sim_current(), "cxl_mem", dev_name(dev),
			   "EDAC registration failed (%d)", rc);
	return 0;
}

static int cxl_mem_init(void)
{
	struct cxl_model *m = cxl_model();

	m->cxl_mem_driver = (struct device_driver){
		.name = "cxl_mem",
		.probe = cxl_mem_probe,
		/* Patch 2: memN is probed inside device_add(), inside the caller. */
		.probe_type = cxl_variant(CXL_SYNC_MEMDEV_ATTACH) ? PROBE_FORCE_SYNCHRONOUS :
								     PROBE_DEFAULT_STRATEGY,
	};
	return cxl_driver_register(&m->cxl_mem_driver);
}

static void cxl_mem_exit(void)
{
	driver_unregister(&cxl_model()->cxl_mem_driver);
}

/* ---- cxl_pci ---- */

static int cxl_pci_probe(struct device *dev)
{
	struct pci_dev *pdev = to_pci_dev(dev);
	struct cxl_dev_state *cxlds = devm_kzalloc(dev, sizeof(*cxlds));
	struct cxl_memdev *cxlmd;

	if (!cxlds)
		return -ENOMEM;
	cxlds->dev = dev;
	cxlds->rcd = is_cxl_restricted(pdev);
	/* Registers, mailbox, media-ready wait: their outcome is the topology's knob. */
	cxlds->media_ready = !pdev->media_not_ready;
	cxlds->pmem_size = pdev->topo ? pdev->topo->pmem_size : 0;
	sim_sched_point(sim_current(), "cxl_pci-setup", dev->name_id);
	/* cxl_pci adds the memdev opportunistically: it goes on whether or not it attached. */
	cxlmd = devm_cxl_add_memdev(dev, cxlds, NULL);
	if (IS_ERR(cxlmd))
		return PTR_ERR(cxlmd);
	pdev->cxlmd = cxlmd;
	return 0;
}

static int cxl_pci_init(void)
{
	struct cxl_model *m = cxl_model();

	m->cxl_pci_driver = (struct device_driver){
		.name = "cxl_pci",
		.bus = &m->pci_bus,
		.probe = cxl_pci_probe,
		.probe_type = PROBE_PREFER_ASYNCHRONOUS,
	};
	return driver_register(&m->cxl_pci_driver);
}

static void cxl_pci_exit(void)
{
	driver_unregister(&cxl_model()->cxl_pci_driver);
}

/* ---- a Type-2 accelerator (sfc-like) ---- */

static int accel_attach_probe(struct cxl_memdev *cxlmd)
{
	/* The accelerator would map its HDM here; the model accepts the configuration. */
	return 0;
}

static void accel_detach(struct cxl_memdev *cxlmd)
{
	/* memdev-detach-op: CXL.mem is gone, so give up the PCI device too. */
	struct device *pdev = cxlmd->cxlds->dev;

	sim_tracef(sim_current(), "accel-detach", dev_name(&cxlmd->dev), "releasing %s",
		   dev_name(pdev));
	device_release_driver(pdev);
}

static const struct cxl_memdev_attach accel_attach = {
	.probe = accel_attach_probe,
	.detach = accel_detach,
};

static int accel_probe(struct device *dev)
{
	struct cxl_model *m = cxl_model();
	struct pci_dev *pdev = to_pci_dev(dev);
	struct cxl_dev_state *cxlds = devm_kzalloc(dev, sizeof(*cxlds));
	struct cxl_memdev *cxlmd;

	if (!cxlds)
		return -ENOMEM;
	cxlds->dev = dev;
	cxlds->type2 = true;
	cxlds->media_ready = true;
	cxlmd = devm_cxl_add_memdev(dev, cxlds, &accel_attach);
	if (IS_ERR(cxlmd)) {
		/* Fall back to PCI-only: the network function still works. */
		pdev->pci_only = true;
		m->nr_accel_pci_only++;
		sim_tracef(sim_current(), "accel", dev_name(dev), "PCI-only (CXL: %d)",
			   PTR_ERR(cxlmd));
		return 0;
	}
	if (!cxl_variant(CXL_MEMDEV_PROBE_OP)) {
		/* No way to wait: look once, as a driver without patch 6 must. */
		if (!cxlmd->dev.driver || !cxlmd->endpoint || !cxlmd->endpoint->dev.driver) {
			pdev->pci_only = true;
			m->nr_accel_pci_only++;
			sim_tracef(sim_current(), "accel", dev_name(dev),
				   "PCI-only (%s not attached yet)", dev_name(&cxlmd->dev));
			pdev->cxlmd = cxlmd;
			return 0;
		}
	}
	pdev->cxlmd = cxlmd;
	m->nr_accel_cxl++;
	sim_tracef(sim_current(), "accel", dev_name(dev), "CXL.mem via %s", dev_name(&cxlmd->dev));
	return 0;
}

static int accel_init(void)
{
	struct cxl_model *m = cxl_model();

	m->accel_driver = (struct device_driver){
		.name = "cxl_accel",
		.bus = &m->pci_bus,
		.probe = accel_probe,
		.probe_type = PROBE_PREFER_ASYNCHRONOUS,
	};
	return driver_register(&m->accel_driver);
}

static void accel_exit(void)
{
	driver_unregister(&cxl_model()->accel_driver);
}

/* ---- cxl_core ---- */

static int cxl_core_init(void)
{
	return cxl_bus_init();
}

static void cxl_core_exit(void)
{
	cxl_bus_exit();
}

/* ---- modules, per variant ---- */

static const char *const core_exports_base[] = {
	"devm_cxl_add_memdev", "devm_cxl_add_port", "devm_cxl_enumerate_ports",
	"cxl_mem_find_port", "cxl_driver_register", "cxl_bus_rescan", "cxl_endpoint_autoremove",
	"devm_cxl_add_nvdimm_bridge", "devm_cxl_add_nvdimm", NULL,
};
static const char *const core_exports_series[] = {
	"devm_cxl_add_port", "devm_cxl_enumerate_ports", "cxl_mem_find_port",
	"cxl_driver_register", "cxl_bus_rescan", "cxl_endpoint_autoremove",
	"__devm_cxl_add_memdev", "devm_cxl_add_nvdimm_bridge", "devm_cxl_add_nvdimm", NULL,
};
static const char *const acpi_uses[] = { "devm_cxl_add_port", "cxl_bus_rescan",
					 "devm_cxl_add_nvdimm_bridge", NULL };
static const char *const port_uses[] = { "cxl_driver_register", "devm_cxl_add_port", NULL };
static const char *const port_uses_series[] = { "cxl_driver_register", "devm_cxl_add_port",
						 "cxl_endpoint_autoremove", NULL };
static const char *const port_exports_series[] = { "devm_cxl_add_endpoint", NULL };
static const char *const mem_uses_base[] = { "cxl_driver_register", "devm_cxl_enumerate_ports",
					     "cxl_mem_find_port", "devm_cxl_add_port",
					     "cxl_endpoint_autoremove", "devm_cxl_add_nvdimm",
					     NULL };
static const char *const mem_uses_endpoint[] = { "cxl_driver_register",
						 "devm_cxl_enumerate_ports", "cxl_mem_find_port",
						 "devm_cxl_add_endpoint", "devm_cxl_add_nvdimm",
						 NULL };
static const char *const mem_uses_memdev[] = { "cxl_driver_register",
					       "devm_cxl_enumerate_ports", "cxl_mem_find_port",
					       "devm_cxl_add_port", "cxl_endpoint_autoremove",
					       "__devm_cxl_add_memdev", "devm_cxl_add_nvdimm",
					       NULL };
static const char *const mem_uses_both[] = { "cxl_driver_register", "devm_cxl_enumerate_ports",
					     "cxl_mem_find_port", "devm_cxl_add_endpoint",
					     "__devm_cxl_add_memdev", "devm_cxl_add_nvdimm",
					     NULL };
static const char *const mem_exports_series[] = { "devm_cxl_add_memdev", NULL };
static const char *const pci_uses[] = { "devm_cxl_add_memdev", NULL };
static const char *const mem_softdep[] = { "cxl_port", NULL };
/* acpi.c: host-bridge ports enabled by the time cxl_acpi_probe() returns (6.12 and series). */
static const char *const acpi_softdep[] = { "cxl_port", NULL };

static const char *const acpi_aliases[] = { "acpi*:ACPI0017:*", NULL };
static const char *const port_aliases[] = { "cxl:t3", NULL };
static const char *const mem_aliases[] = { "cxl:t5", NULL };
static const char *const pci_aliases[] = { "pci:*bc05sc02i10*", NULL };
static const char *const accel_aliases[] = { "pci:v00001924*", NULL };

#define MOD(n, i, e) .name = n, .init = i, .exit = e
/*
 * Built in, each init runs at its initcall level (subsys_initcall() in
 * core/port.c, port.c and acpi.c; module_init() in mem.c and pci.c, and in
 * an accelerator's driver), in link order: drivers/cxl/Makefile puts core/
 * first, then cxl_port, cxl_acpi, cxl_pmem, cxl_mem, cxl_pci; an
 * accelerator's driver (drivers/net) links after drivers/cxl.  The same in
 * 6.12 and at the series head.
 */
#define AT(level, order) .initcall = INITCALL_##level, .link_order = order

static const struct module_desc core_base = { MOD("cxl_core", cxl_core_init, cxl_core_exit),
					      AT(SUBSYS, 1), .exports = core_exports_base };
static const struct module_desc core_series = { MOD("cxl_core", cxl_core_init, cxl_core_exit),
						AT(SUBSYS, 1), .exports = core_exports_series };
static const struct module_desc acpi_mod = { MOD("cxl_acpi", cxl_acpi_init, cxl_acpi_exit),
					     AT(SUBSYS, 3), .uses = acpi_uses,
					     .aliases = acpi_aliases,
					     .softdep_pre = acpi_softdep };
static const struct module_desc port_base = { MOD("cxl_port", cxl_port_init, cxl_port_exit),
					      AT(SUBSYS, 2), .uses = port_uses,
					      .aliases = port_aliases };
static const struct module_desc port_series = { MOD("cxl_port", cxl_port_init, cxl_port_exit),
						AT(SUBSYS, 2), .uses = port_uses_series,
						.aliases = port_aliases,
						.exports = port_exports_series };
static const struct module_desc mem_base = { MOD("cxl_mem", cxl_mem_init, cxl_mem_exit),
					     AT(DEVICE, 5), .uses = mem_uses_base,
					     .aliases = mem_aliases,
					     .softdep_pre = mem_softdep };
static const struct module_desc mem_endpoint = { MOD("cxl_mem", cxl_mem_init, cxl_mem_exit),
						 AT(DEVICE, 5), .uses = mem_uses_endpoint,
						 .aliases = mem_aliases };
static const struct module_desc mem_memdev = { MOD("cxl_mem", cxl_mem_init, cxl_mem_exit),
					       AT(DEVICE, 5), .uses = mem_uses_memdev,
					       .aliases = mem_aliases,
					       .exports = mem_exports_series,
					       .softdep_pre = mem_softdep };
static const struct module_desc mem_both = { MOD("cxl_mem", cxl_mem_init, cxl_mem_exit),
					     AT(DEVICE, 5), .uses = mem_uses_both,
					     .aliases = mem_aliases,
					     .exports = mem_exports_series };
static const struct module_desc pci_mod = { MOD("cxl_pci", cxl_pci_init, cxl_pci_exit),
					    AT(DEVICE, 6), .uses = pci_uses,
					    .aliases = pci_aliases };
static const struct module_desc accel_mod = { MOD("cxl_accel", accel_init, accel_exit),
					      AT(DEVICE, 11), .uses = pci_uses,
					      .aliases = accel_aliases };

size_t cxl_module_descs(unsigned int variant, const struct module_desc **out, size_t max)
{
	bool memdev = variant & CXL_SYNC_MEMDEV_ATTACH, endpoint = variant & CXL_SYNC_ENDPOINT_ATTACH;
	const struct module_desc *mods[] = {
		/* Patch 2 moves devm_cxl_add_memdev() from cxl_core to cxl_mem. */
		memdev ? &core_series : &core_base,
		&acpi_mod,
		/* Patch 3 moves devm_cxl_add_endpoint() into cxl_port... */
		endpoint ? &port_series : &port_base,
		/* ...and replaces cxl_mem's softdep on cxl_port with that symbol. */
		memdev ? (endpoint ? &mem_both : &mem_memdev) : (endpoint ? &mem_endpoint : &mem_base),
		&pci_mod,
		&accel_mod,
		/* Last, so that the modules above keep their places. */
		&libnvdimm_module,
		&cxl_pmem_module,
	};
	size_t i, n = sizeof(mods) / sizeof(mods[0]);

	for (i = 0; i < n && i < max; i++)
		out[i] = mods[i];
	return n;
}

int cxl_modules_add(struct sim *s, unsigned int variant)
{
	const struct module_desc *mods[CXL_MAX_MODULES];
	size_t n = cxl_module_descs(variant, mods, CXL_MAX_MODULES);

	return modules_add_available(s, mods, n < CXL_MAX_MODULES ? n : CXL_MAX_MODULES);
}
