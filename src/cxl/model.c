// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The "cxl" model for the engine: options, per-run set-up, workloads and the
 * end-of-run properties.
 *
 * The workloads are cxl_workloads[] below; `cxlsim run --help` prints them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/model.h"
#include "bus/end_state.h"
#include "cxl/check_attached.h"
#include "cxl/cxl.h"
#include "cxl/cxl_list.h"
#include "cxl/shell.h"
#include "cxl/workloads.h"

enum workload { WL_BOOT, WL_TEARDOWN, WL_ACCEL, WL_ACCEL_TEARDOWN, WL_SHELL };

/* The workloads --workload takes: what the option parser accepts and --help lists. */
const struct cxl_workload_desc cxl_workloads[] = {
	{ "boot", WL_BOOT, NULL,
	  "every device present; udev loads the modules in\n"
	  "whatever order the interleaving gives; a sync point\n"
	  "(wait_for_device_probe()) after boot (default)" },
	{ "boot+teardown", WL_TEARDOWN, NULL,
	  "then unbind cxl_acpi, unbind a memdev, rmmod every\n"
	  "module concurrently, remove the devices, check for leaks" },
	{ "accel", WL_ACCEL, "accel",
	  "boot of the \"accel\" topology (its default): Type-2\n"
	  "devices in a CXL slot and in a PCIe-only slot" },
	{ "accel+teardown", WL_ACCEL_TEARDOWN, "accel",
	  "the same boot, then cxl_acpi is unbound under the\n"
	  "bound accelerators" },
	{ "shell", WL_SHELL, NULL,
	  "every device present, no CXL module loaded; the\n"
	  "commands `cxlsim shell` recorded (for replay)" },
	{ NULL, 0, NULL, NULL },
};

struct cxl_opts {
	struct cxl_topo *topo;
	unsigned int variant;
	enum workload workload;
	uint32_t builtin;		/* bit i: cxl_module_descs()'s i-th module is =y */
	bool any_link_order;		/* --link-order any */
};

/* ---- buses the platform provides (pci, platform) ---- */

static int pci_match(struct device *dev, const struct device_driver *drv)
{
	struct pci_dev *p = to_pci_dev(dev);

	if (!strcmp(drv->name, "cxl_pci"))
		return p->class == PCI_CLASS_MEMORY_CXL;
	if (!strcmp(drv->name, "cxl_accel"))
		return p->vendor == PCI_VENDOR_ACCEL;
	return 0;
}

static const char *pci_modalias(struct device *dev, char *buf, size_t len)
{
	struct pci_dev *p = to_pci_dev(dev);

	/* Bridges are claimed by the built-in port driver: no module to load. */
	if (p->class == PCI_CLASS_BRIDGE_PCI)
		return NULL;
	sim_snprintf(buf, len, "pci:v%08Xd00000001sv00000000sd00000000bc%02Xsc%02Xi%02X",
		     p->vendor, (p->class >> 16) & 0xff, (p->class >> 8) & 0xff, p->class & 0xff);
	return buf;
}

static int platform_match(struct device *dev, const struct device_driver *drv)
{
	struct platform_device *pd = container_of(dev, struct platform_device, dev);

	return !strcmp(pd->hid, "ACPI0017") && !strcmp(drv->name, "cxl_acpi");
}

static const char *platform_modalias(struct device *dev, char *buf, size_t len)
{
	struct platform_device *pd = container_of(dev, struct platform_device, dev);

	sim_snprintf(buf, len, "acpi:%s:", pd->hid);
	return buf;
}

static void pci_dev_release(struct device *dev)
{
	sim_kfree(sim_current(), to_pci_dev(dev));
}

static void platform_dev_release(struct device *dev)
{
	sim_kfree(sim_current(), container_of(dev, struct platform_device, dev));
}

static struct pci_dev *pci_new(struct device *parent, uint32_t class, uint16_t vendor,
			       bool on_bus)
{
	struct cxl_model *m = cxl_model();
	struct pci_dev *p = sim_kzalloc(sim_current(), sizeof(*p), "pci_dev");

	device_initialize(&p->dev);
	p->class = class;
	p->vendor = vendor;
	p->dev.parent = parent;
	p->dev.release = pci_dev_release;
	p->cxl_link = true;
	if (on_bus)
		p->dev.bus = &m->pci_bus;
	return p;
}

/* ---- building the machine ---- */

struct builder {
	unsigned int bus;
	struct pci_dev **all;
	size_t n, cap;
};

static struct pci_dev *add_fn(struct builder *b, struct device *parent, uint32_t class,
			      uint16_t vendor, bool cxl_link)
{
	struct pci_dev *p = pci_new(parent, class, vendor, true);

	p->cxl_link = cxl_link;
	dev_set_name(&p->dev, "0000:%02x:00.0", ++b->bus);
	if (b->n < b->cap)
		b->all[b->n++] = p;
	return p;
}

/*
 * Firmware's soft-reserved range for @p's committed decoder: its own, or the
 * one it shares with the memdevs of the same interleaved region.
 */
static void add_soft_reserved(struct pci_dev *p, const struct cxl_topo_node *n)
{
	struct cxl_model *m = cxl_model();
	struct soft_reserved *r = NULL;
	unsigned int i;

	for (i = 0; n->in_region && i < m->nr_ranges; i++)
		if (m->ranges[i].in_region && m->ranges[i].region == n->region &&
		    m->ranges[i].ways < 16)
			r = &m->ranges[i];
	if (!r) {
		if (m->nr_ranges == m->max_ranges)
			return;
		r = &m->ranges[m->nr_ranges++];
		r->pdev = p;
		r->in_region = n->in_region;
		r->region = n->region;
	}
	r->members[r->ways++] = p;
}

static void add_node(struct builder *b, struct device *dport, const struct cxl_topo_node *n,
		     bool cxl_link)
{
	struct pci_dev *p, *usp;
	unsigned int i;

	switch (n->kind) {
	case TOPO_MEMDEV:
		p = add_fn(b, dport, PCI_CLASS_MEMORY_CXL, 0x8086, cxl_link);
		p->topo = n;
		p->media_not_ready = n->media_not_ready;
		p->committed = n->committed;
		if (n->committed)
			add_soft_reserved(p, n);
		break;
	case TOPO_ACCEL:
		p = add_fn(b, dport, PCI_CLASS_ACCELERATOR, PCI_VENDOR_ACCEL, cxl_link);
		p->topo = n;
		break;
	case TOPO_SWITCH:
		usp = add_fn(b, dport, PCI_CLASS_BRIDGE_PCI, 0x8086, cxl_link);
		usp->topo = n;
		for (i = 0; i < n->nr_down; i++) {
			struct pci_dev *dsp = add_fn(b, &usp->dev, PCI_CLASS_BRIDGE_PCI, 0x8086,
						     cxl_link);

			if (n->down[i])
				add_node(b, &dsp->dev, n->down[i], cxl_link);
		}
		break;
	case TOPO_EMPTY:
		break;
	}
}

static struct pci_dev *add_host_bridge(struct builder *b, unsigned int uid, bool cxl_link)
{
	struct cxl_model *m = cxl_model();
	struct pci_dev *hb = pci_new(NULL, 0, 0, false);

	hb->is_host_bridge = true;
	hb->cxl_link = cxl_link;
	dev_set_name(&hb->dev, "pci0000:%02x", uid);
	m->hostbridges[m->nr_hostbridges++] = hb;
	return hb;
}

/*
 * The functions platform_enumerate() adds, at most: the root ports, a node's
 * own and its switch ports', a PCIe-only accelerator's and its root port's.
 * Exact enough that minimal's list is a small block, not 2 KiB cleared per run.
 */
static size_t nr_functions(const struct cxl_topo *t)
{
	size_t i, n = t->nr_pcie_only_accel * 2;

	for (i = 0; i < t->nr_hb; i++)
		n += t->hb[i].nr_root_ports;
	for (i = 0; i < t->nr_nodes; i++)
		n += 1 + t->nodes[i].nr_down;
	return n;
}

/* Enumerate the machine: every device added now, in PCI order; udev takes it from there. */
static void platform_enumerate(struct cxl_opts *o)
{
	struct cxl_model *m = cxl_model();
	struct cxl_topo *t = o->topo;
	size_t cap = nr_functions(t) + 1;
	struct builder b = { .cap = cap };
	unsigned int h, r;
	size_t i;

	b.all = sim_scratch_alloc(sim_current(), cap * sizeof(*b.all));
	if (!b.all) {
		sim_violation(sim_current(), "no-leak", "out of memory enumerating the machine");
		return;
	}

	for (h = 0; h < t->nr_hb; h++) {
		struct pci_dev *hb = add_host_bridge(&b, t->hb[h].uid, true);

		/* A restricted host: its one device sits on the host bridge itself (an RCiEP). */
		hb->rch = t->hb[h].rch;
		if (hb->rch) {
			add_node(&b, &hb->dev, t->hb[h].rp[0], true);
			continue;
		}

		for (r = 0; r < t->hb[h].nr_root_ports; r++) {
			struct pci_dev *rp = add_fn(&b, &hb->dev, PCI_CLASS_BRIDGE_PCI, 0x8086, true);

			if (t->hb[h].rp[r])
				add_node(&b, &rp->dev, t->hb[h].rp[r], true);
		}
	}
	for (i = 0; i < t->nr_pcie_only_accel; i++) {
		/* A plain PCIe host bridge: no ACPI0016, no CXL link. */
		struct pci_dev *hb = add_host_bridge(&b, 0x80 + (unsigned int)i, false);
		struct pci_dev *rp = add_fn(&b, &hb->dev, PCI_CLASS_BRIDGE_PCI, 0x8086, false);

		add_fn(&b, &rp->dev, PCI_CLASS_ACCELERATOR, PCI_VENDOR_ACCEL, false);
	}
	m->acpi0017 = sim_kzalloc(sim_current(), sizeof(*m->acpi0017), "platform_device");
	device_initialize(&m->acpi0017->dev);
	sim_snprintf(m->acpi0017->hid, sizeof(m->acpi0017->hid), "ACPI0017");
	m->acpi0017->dev.bus = &m->platform_bus;
	m->acpi0017->dev.release = platform_dev_release;
	dev_set_name(&m->acpi0017->dev, "ACPI0017:00");
	for (i = 0; i < b.n; i++)
		device_add(&b.all[i]->dev);
	sim_scratch_free(sim_current(), b.all);
	device_add(&m->acpi0017->dev);
}

/* ---- properties ---- */

static int check_sync_point(struct device *dev, void *data)
{
	struct cxl_memdev *cxlmd;

	if (!is_cxl_memdev(dev))
		return 0;
	cxlmd = to_cxl_memdev(dev);
	cxlmd->present_at_boot = true;
	/* As for memdev-attached: any probe counts, one a fault failed too. */
	if (!dev->probes)
		sim_violation(sim_current(), "probe-sync-point",
			      "wait_for_device_probe() returned with %s still waiting for cxl_mem",
			      dev_name(dev));
	return 0;
}

/* accel-fallback; @when says at which point of the workload. */
static void check_accel(struct sim *s, struct cxl_model *m, const char *when)
{
	struct device *dev;

	list_for_each_entry(dev, &m->pci_bus.devices, bus_node) {
		struct pci_dev *p = to_pci_dev(dev);
		struct cxl_memdev *cxlmd = p->cxlmd;

		if (p->vendor != PCI_VENDOR_ACCEL || !dev->driver)
			continue;
		if (p->pci_only && cxlmd && sim_obj_live(cxlmd) && cxlmd->dev.magic == DEVICE_MAGIC &&
		    cxlmd->dev.registered)
			sim_violation(s, "accel-fallback",
				      "%s fell back to PCI-only but left %s registered (%s), %s",
				      sim_str(s, dev->name_id), sim_str(s, cxlmd->dev.name_id),
				      cxlmd->dev.driver ? "and bound to cxl_mem" : "unbound", when);
		if (!p->pci_only && (!cxlmd || !cxlmd->dev.driver || !sim_obj_live(cxlmd->endpoint) ||
				     !cxlmd->endpoint->dev.driver))
			sim_violation(s, "accel-fallback", "%s claims CXL.mem but is not attached, %s",
				      sim_str(s, dev->name_id), when);
	}
}

/* Every bound device's driver belongs to a live module. */
static void check_module_safety(struct sim *s)
{
	struct drv_core *core = drv_core_of(s);
	struct device *dev;

	list_for_each_entry(dev, &core->live_devices, core_node) {
		struct device_driver *drv = dev->driver;

		if (dev->magic == DEVICE_MAGIC && drv && drv->owner &&
		    drv->owner->state == MODULE_STATE_UNLOADED)
			sim_violation(s, "module-safety", "%s is bound to %s whose module is gone",
				      sim_str(s, dev->name_id), drv->name);
	}
}

/* ---- workloads ---- */

static const char *const teardown_order[] = { "cxl_accel", "cxl_pci", "cxl_mem", "cxl_port",
					      "cxl_acpi", "cxl_core" };
static const char *const teardown_pmem[] = { "cxl_pmem", "libnvdimm" };

static void rmmod_task(void *arg)
{
	const char *name = arg;
	struct sim *s = sim_current();
	int tries;

	/* A module still depended on is refused: try again after the others had a go. */
	for (tries = 0; tries < 8; tries++) {
		int rc = rmmod(name);

		if (rc != -EBUSY)
			return;
		sim_sleep_ns(s, 1000000);
	}
}

static void unbind_acpi_task(void *arg)
{
	struct cxl_model *m = cxl_model();

	unbind_store(&m->cxl_acpi_driver, "ACPI0017:00");
}

static void unbind_mem0_task(void *arg)
{
	struct cxl_model *m = cxl_model();

	unbind_store(&m->cxl_mem_driver, "mem0");
}

static void teardown(void)
{
	struct cxl_model *m = cxl_model();
	struct sim *s = sim_current();
	struct sim_task *t[16];
	unsigned int n = 0, i;
	struct device *dev, *next;

	t[n++] = sim_spawn(s, "echo ACPI0017:00 > cxl_acpi/unbind", unbind_acpi_task, NULL);
	t[n++] = sim_spawn(s, "echo mem0 > cxl_mem/unbind", unbind_mem0_task, NULL);
	for (i = 0; i < sizeof(teardown_order) / sizeof(teardown_order[0]); i++)
		t[n++] = sim_spawnf(s, rmmod_task, (void *)teardown_order[i], "rmmod %s",
				    teardown_order[i]);
	/* udev loads these only for a pmem device: where it did, they go too. */
	for (i = 0; i < sizeof(teardown_pmem) / sizeof(teardown_pmem[0]); i++)
		if (module_is_live(find_module(teardown_pmem[i])))
			t[n++] = sim_spawnf(s, rmmod_task, (void *)teardown_pmem[i], "rmmod %s",
					    teardown_pmem[i]);
	for (i = 0; i < n; i++)
		sim_task_join(s, t[i]);
	check_module_safety(s);
	/* Hot-remove everything, children first (they were added after their parents). */
	while (!list_empty(&m->pci_bus.devices)) {
		dev = list_last_entry(&m->pci_bus.devices, struct device, bus_node);
		device_unregister(dev);
	}
	(void)next;
	device_unregister(&m->acpi0017->dev);
	for (i = 0; i < m->nr_hostbridges; i++)
		put_device(&m->hostbridges[i]->dev);
	drv_core_check_leaks(s);
}

/*
 * The sync point Soft Reserve Recovery relies on (kernel-facts D2): dax_hmem
 * asks for the CXL modules, then waits for device probe, then decides who
 * owns each soft-reserved range (dax_hmem_init() and process_defer_work() in
 * drivers/dax/hmem/hmem.c).  This side is the same in every variant: the
 * series under test changes what the wait covers.
 *
 * The wait is wait_for_device_probe() and nothing else.  It does not flush
 * cxl_bus_wq, so a cxl_bus_rescan() that cxl_acpi's probe queued (to retry
 * memdevs whose first probe found no topology) may still be queued, or
 * between two device_attach() calls, when dax_hmem decides.  The kernel has
 * no flush there either; the model keeps the race and says so in the
 * soft-reserve violation (docs/properties.md).
 */
static void hmem_sync_point(void *arg)
{
	struct cxl_model *m = arg;
	struct sim_work *rescan = &m->cxl_bus_rescan_work;
	unsigned int i;

	/*
	 * Loading the modules and waiting is the driver core's, which names
	 * what it touches; the decision over the model's ranges is driver code
	 * for the footprints.
	 */
	request_module("cxl_acpi");
	request_module("cxl_pci");
	wait_for_device_probe();
	driver_code_enter(drv_core());
	m->nr_sync_points++;
	if (m->cxl_bus_registered)
		bus_for_each_dev(&m->cxl_bus, NULL, check_sync_point);
	sim_touch(sim_current(), rescan->name, false);
	m->rescan_outstanding = m->cxl_bus_registered && (rescan->pending || rescan->running);
	/* Ranges no CXL region claimed by now go to dax_hmem. */
	for (i = 0; i < m->nr_ranges; i++) {
		if (m->ranges[i].cxl)
			continue;
		m->ranges[i].hmem = true;
		sim_tracef(sim_current(), "hmem-claims", dev_name(&m->ranges[i].pdev->dev),
			   "soft-reserved range %u", i);
	}
	m->hmem_decided = true;
	driver_code_exit(drv_core());
}

/* soft-reserve: after the decision, each range has exactly one owner. */
static void check_soft_reserve(struct sim *s, struct cxl_model *m)
{
	unsigned int i;

	if (!m->hmem_decided)
		return;
	for (i = 0; i < m->nr_ranges; i++) {
		struct soft_reserved *r = &m->ranges[i];

		if (r->cxl && r->hmem)
			sim_violation(s, "soft-reserve",
				      "range %u (%s) is owned by both a CXL region and dax_hmem%s", i,
				      sim_str(s, r->pdev->dev.name_id),
				      m->rescan_outstanding ?
					      ": dax_hmem decided while cxl_bus_rescan was still queued "
					      "or running on cxl_bus_wq" : "");
		else if (!r->cxl && !r->hmem)
			sim_violation(s, "soft-reserve", "range %u (%s) is owned by nobody", i,
				      sim_str(s, r->pdev->dev.name_id));
	}
}

static void cxl_boot(void *priv)
{
	struct cxl_opts *o = priv;
	struct cxl_model *m = cxl_model();

	bus_register(&m->pci_bus);
	bus_register(&m->platform_bus);
	/*
	 * No key of boot's own for the footprints: what it writes of the model
	 * (the devices it builds, the ranges, the host bridge table) it writes
	 * before its first device_add() starts another task, so all of it
	 * happens before anything another task does; after that it only calls
	 * the driver core, which names what it touches, and waits.  Under
	 * driver-code, each of its steps would conflict with every module
	 * init and probe that udev starts meanwhile.  The tasks it starts
	 * (udev, dax_hmem) start without a key too.
	 */
	sim_ambient_clear(sim_current());
	/* Firmware's devices are there whatever the drivers' allocations do. */
	sim_faults_off(sim_current());
	/* The shell's machine booted without the CXL modules: no autoload at boot. */
	if (o->workload == WL_SHELL || o->builtin)
		drv_core()->udev_autoload = false;
	platform_enumerate(o);
	sim_faults_on(sim_current());
	if (o->builtin) {
		/*
		 * ACPI and PCI enumerate at subsys_initcall from directories
		 * that link before drivers/cxl, so the devices are there before
		 * any CXL init; udev starts after every initcall and replays
		 * their uevents.
		 */
		do_initcalls(o->any_link_order);
		if (o->workload != WL_SHELL)
			udev_coldplug();
	}
	if (o->workload == WL_SHELL) {
		/* The shell reads and prints the model's state: driver code. */
		driver_code_enter(drv_core());
		cxl_shell_workload();
		driver_code_exit(drv_core());
		return;
	}
	/* dax_hmem takes driver-code where it decides. */
	sim_task_join(sim_current(), sim_spawn(sim_current(), "dax_hmem", hmem_sync_point, m));
	if (o->workload != WL_ACCEL_TEARDOWN && o->workload != WL_TEARDOWN)
		return;
	/* The teardowns check the model's state and tear it down: driver code again. */
	driver_code_enter(drv_core());
	if (o->workload == WL_ACCEL_TEARDOWN) {
		/*
		 * Once udev is done, the CXL hierarchy goes away under the
		 * bound accelerators (cxl_acpi unbound, as an administrator or
		 * a link loss would): cxl_port lets go of the endpoints and
		 * their memdevs are detached.  Each accelerator must end
		 * fully attached or cleanly PCI-only both before and after.
		 */
		sim_sleep_ns(sim_current(), 1000000000);
		check_accel(sim_current(), m, "after boot");
		cxl_check_attached(sim_current(), m, "after boot");
		unbind_store(&m->cxl_acpi_driver, "ACPI0017:00");
		sim_sleep_ns(sim_current(), 1000000000);
	}
	if (o->workload == WL_TEARDOWN) {
		/*
		 * Let udev finish first, so every module is there to remove: a
		 * virtual second only passes once every other task is idle.
		 */
		sim_sleep_ns(sim_current(), 1000000000);
		cxl_check_attached(sim_current(), m, "after boot");
		teardown();
	}
	driver_code_exit(drv_core());
}

/* ---- the engine's model ---- */

/* "cxl_core, cxl_port, ..." of the variant's modules, for messages. */
static void module_names(const struct module_desc *const *d, size_t n, char *buf, size_t len)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
					 d[i]->name);
}

/* Which of @d exports @sym; @n for none. */
static size_t exporter(const struct module_desc *const *d, size_t n, const char *sym)
{
	const char *const *e;
	size_t j;

	for (j = 0; j < n; j++)
		for (e = d[j]->exports; e && *e; e++)
			if (!strcmp(*e, sym))
				return j;
	return n;
}

/*
 * --builtin all|MOD,... and --link-order makefile|any.  Kconfig lets a
 * module be =y only when every module whose symbols it uses is =y too (a
 * "depends on" a tristate =m caps it at m), so such a set is refused.
 */
static int parse_builtin(struct cxl_opts *o, const struct cxlsim__model_opts *mo, char *err,
			 size_t errlen)
{
	const struct module_desc *d[CXL_MAX_MODULES];
	size_t n = cxl_module_descs(o->variant, d, CXL_MAX_MODULES), i, j;
	const char *p = mo->builtin;
	char names[256];

	if (n > CXL_MAX_MODULES)
		n = CXL_MAX_MODULES;
	if (mo->link_order && strcmp(mo->link_order, "makefile") && strcmp(mo->link_order, "any")) {
		snprintf(err, errlen, "--link-order is 'makefile' or 'any', not '%s'",
			 mo->link_order);
		return -EINVAL;
	}
	o->any_link_order = mo->link_order && !strcmp(mo->link_order, "any");
	if (!p || !strcmp(p, "none"))
		return 0;
	if (!strcmp(p, "all")) {
		o->builtin = (1u << n) - 1;
		return 0;
	}
	while (*p) {
		size_t len = strcspn(p, ",");

		for (i = 0; i < n; i++)
			if (strlen(d[i]->name) == len && !strncmp(d[i]->name, p, len))
				break;
		if (i == n) {
			module_names(d, n, names, sizeof(names));
			snprintf(err, errlen, "--builtin: unknown module '%.*s' (all, none, or a "
				 "comma list of: %s)", (int)len, p, names);
			return -EINVAL;
		}
		o->builtin |= 1u << i;
		p += len;
		if (*p == ',' && *++p == '\0')
			break;
	}
	if (!o->builtin) {
		module_names(d, n, names, sizeof(names));
		snprintf(err, errlen, "--builtin wants all, none, or a comma list of: %s", names);
		return -EINVAL;
	}
	/* A built-in module using a modular one's symbols: the exporter must be =y. */
	for (i = 0; i < n; i++) {
		const char *const *u;

		for (u = d[i]->uses; (o->builtin & (1u << i)) && u && *u; u++) {
			j = exporter(d, n, *u);
			if (j == n || j == i || (o->builtin & (1u << j)))
				continue;
			snprintf(err, errlen, "--builtin: %s cannot be built in while %s, whose %s "
				 "it uses, is a module (Kconfig allows =y only over =y): add %s",
				 d[i]->name, d[j]->name, *u, d[j]->name);
			return -EINVAL;
		}
	}
	return 0;
}

static int cxl_prepare(void **priv, const struct cxlsim__model_opts *mo, char *err, size_t errlen)
{
	struct cxl_opts *o = calloc(1, sizeof(*o));
	const char *topo = "default";
	const char *wl = mo->workload ? mo->workload : "boot";
	const struct cxl_workload_desc *w;
	int rc;

	if (!o)
		return -ENOMEM;
	rc = cxl_variant_parse(mo->kernel ? mo->kernel : "base", &o->variant, err, errlen);
	if (rc)
		goto fail;
	rc = parse_builtin(o, mo, err, errlen);
	if (rc)
		goto fail;
	for (w = cxl_workloads; w->name && strcmp(w->name, wl); w++)
		;
	if (!w->name) {
		size_t used = (size_t)snprintf(err, errlen, "unknown workload '%s' (", wl);

		for (w = cxl_workloads; w->name && used < errlen; w++)
			used += (size_t)snprintf(err + used, errlen - used, "%s%s",
						 w == cxl_workloads ? "" : ", ", w->name);
		if (used < errlen)
			snprintf(err + used, errlen - used, ")");
		rc = -EINVAL;
		goto fail;
	}
	o->workload = w->id;
	if (w->topology)
		topo = w->topology;
	rc = cxl_topo_from_opts(mo->topology, mo->topology_cxl_list, topo, &o->topo, err, errlen);
	if (rc)
		goto fail;
	*priv = o;
	return 0;
fail:
	free(o);
	return rc;
}

/* The modules --builtin named, built in for this run. */
static int set_builtin(struct sim *s, const struct cxl_opts *o)
{
	const struct module_desc *d[CXL_MAX_MODULES];
	size_t n = cxl_module_descs(o->variant, d, CXL_MAX_MODULES), i;
	int rc = 0;

	for (i = 0; i < n && i < CXL_MAX_MODULES && !rc; i++)
		if (o->builtin & (1u << i))
			rc = module_set_builtin(s, d[i]->name);
	return rc;
}

static int cxl_setup(struct sim *s, void *priv)
{
	struct cxl_opts *o = priv;
	struct cxl_model *m;
	/* A range has a memdev of its own or shares one's region: no more than nodes. */
	size_t max_ranges = o->topo->nr_nodes < CXL_MAX_RANGES ? o->topo->nr_nodes : CXL_MAX_RANGES;
	int rc = drv_core_init(s);

	if (rc)
		return rc;
	m = sim_kzalloc(s, sizeof(*m) + max_ranges * sizeof(m->ranges[0]), "cxl_model");
	if (!m)
		return -ENOMEM;
	m->max_ranges = (unsigned int)max_ranges;
	m->variant = o->variant;
	m->topo = o->topo;
	/* A bucket or more per topology node: a dport is a node or a host bridge. */
	m->dport_hash_mask = 7;
	while (m->dport_hash_mask < o->topo->nr_nodes + o->topo->nr_hb)
		m->dport_hash_mask = 2 * m->dport_hash_mask + 1;
	m->dport_hash = sim_kzalloc(s, (m->dport_hash_mask + 1) * sizeof(*m->dport_hash),
				    "cxl_dport_hash");
	if (!m->dport_hash)
		return -ENOMEM;
	m->pci_bus = (struct bus_type){ .name = "pci", .match = pci_match,
					.modalias = pci_modalias };
	m->platform_bus = (struct bus_type){ .name = "platform", .match = platform_match,
					     .modalias = platform_modalias };
	INIT_LIST_HEAD(&m->accels);
	sim_set_layer(s, SIM_LAYER_CXL, m);
	rc = cxl_modules_add(s, o->variant);
	return rc ? rc : set_builtin(s, o);
}

static void cxl_check(struct sim *s, void *priv)
{
	struct cxl_model *m = sim_layer(s, SIM_LAYER_CXL);
	struct cxl_opts *o = priv;

	if (!m)
		return;
	/*
	 * A run stopped by a deadlock or the step bound never reached its end:
	 * where an accelerator would have ended up is unknown, so only the
	 * checks that hold at any moment run.
	 */
	if (!sim_stopped(s))
		check_accel(s, m, "at the end");
	/* Liveness where boot is the whole workload; a teardown checked it before tearing down. */
	if (!sim_stopped(s) && (o->workload == WL_BOOT || o->workload == WL_ACCEL))
		cxl_check_attached(s, m, "after boot");
	check_module_safety(s);
	check_soft_reserve(s, m);
}

/*
 * The outcome's text for its five counts, remembered across runs (one
 * entry, sim_set_layer_cache()): most runs end as the one before, and
 * formatting it was a percent of a minimal schedule.
 */
struct outcome_cache {
	unsigned int counts[5];
	size_t len;		/* the buffer's size it was formatted for */
	int n;
	char text[160];
};

static const char *outcome_text(struct sim *s, char *buf, size_t len, const unsigned int *v)
{
	struct outcome_cache *c = sim_layer_cache(s, SIM_LAYER_CXL);
	int n;

	if (c && c->len == len && !memcmp(c->counts, v, sizeof(c->counts))) {
		memcpy(buf, c->text, (size_t)c->n + 1);
		return buf;
	}
	if (!c) {
		c = calloc(1, sizeof(*c));
		if (c)
			sim_set_layer_cache(s, SIM_LAYER_CXL, c, free);
	}
	n = sim_snprintf(buf, len, "memdevs %u/%u bound to cxl_mem, %u endpoints bound; "
			 "accel: %u CXL, %u PCI-only", v[0], v[1], v[2], v[3], v[4]);
	if (!c)
		return buf;
	c->len = 0;
	if (n >= 0 && (size_t)n < len && (size_t)n < sizeof(c->text)) {
		memcpy(c->counts, v, sizeof(c->counts));
		memcpy(c->text, buf, (size_t)n + 1);
		c->n = n;
		c->len = len;
	}
	return buf;
}

static const char *cxl_outcome(struct sim *s, void *priv, char *buf, size_t len)
{
	struct cxl_model *m = sim_layer(s, SIM_LAYER_CXL);
	struct device *dev;
	unsigned int mem = 0, bound = 0, ep = 0;

	if (m && m->cxl_bus_registered) {
		list_for_each_entry(dev, &m->cxl_bus.devices, bus_node) {
			if (is_cxl_memdev(dev)) {
				mem++;
				bound += dev->driver != NULL;
			} else if (is_cxl_port(dev) && to_cxl_port(dev)->is_endpoint) {
				ep += dev->driver != NULL;
			}
		}
	}
	return outcome_text(s, buf, len, (const unsigned int[]){ bound, mem, ep,
				  m ? m->nr_accel_cxl : 0, m ? m->nr_accel_pci_only : 0 });
}

/*
 * Named while alive: an accelerator's memdev and a memdev's endpoint may be
 * released.  @obj is the model object that embeds @dev, NULL for none.
 */
static const char *live_dev_name(struct sim *s, const void *obj, const struct device *dev)
{
	if (!obj)
		return "-";
	if (!sim_obj_live(obj) || dev->magic != DEVICE_MAGIC)
		return "(released)";
	return sim_str(s, dev->name_id);
}

static const char *range_owner(const struct soft_reserved *r)
{
	if (r->cxl)
		return r->hmem ? "both" : "cxl";
	return r->hmem ? "hmem" : "none";
}

static const char *region_state(const struct soft_reserved *r)
{
	if (r->cxl)
		return "assembled";
	return r->attached ? "partial" : "none";
}

/*
 * The model's part of the end state: what the end-of-run properties read.
 * The ranges and the accelerators are in place before boot starts another
 * task, so their order is the same in every run; memdev names are handed
 * out in probe order, so the memdevs are sorted.
 */
static void cxl_end_state(struct sim *s, void *priv, struct sim_strbuf *sb)
{
	struct cxl_model *m = sim_layer(s, SIM_LAYER_CXL);
	struct end_state_sorted memdevs = { 0 };
	struct drv_core *core = drv_core_of(s);
	struct device *dev;
	unsigned int i;

	if (!m)
		return;
	end_state_add(sb, "cxl hmem_decided=%d rescan_outstanding=%d sync_points=%u "
		      "accel_cxl=%u accel_pci_only=%u accel_failed=%u",
		      m->hmem_decided, m->rescan_outstanding, m->nr_sync_points, m->nr_accel_cxl,
		      m->nr_accel_pci_only, m->nr_accel_failed);
	for (i = 0; i < m->nr_ranges; i++) {
		const struct soft_reserved *r = &m->ranges[i];

		/* By number: the devices that map it may be gone (teardown). */
		end_state_add(sb, "range %u ways=%u attached=%#x region=%s owner=%s", i, r->ways,
			      r->attached, region_state(r), range_owner(r));
	}
	list_for_each_entry(dev, &m->pci_bus.devices, bus_node) {
		const struct pci_dev *p = to_pci_dev(dev);

		if (p->vendor == PCI_VENDOR_ACCEL)
			end_state_add(sb, "accel %s pci_only=%d memdev=%s",
				      sim_str(s, dev->name_id), p->pci_only,
				      live_dev_name(s, p->cxlmd, p->cxlmd ? &p->cxlmd->dev : NULL));
	}
	list_for_each_entry(dev, &core->live_devices, core_node) {
		const struct cxl_port *ep;

		if (!is_cxl_memdev(dev))
			continue;
		ep = to_cxl_memdev(dev)->endpoint;
		end_state_sorted_add(&memdevs, "memdev %s endpoint=%s", sim_str(s, dev->name_id),
				     live_dev_name(s, ep, ep ? &ep->dev : NULL));
	}
	end_state_sorted_write(&memdevs, sb);
}

static char *cxl_list(struct sim *s, void *priv, unsigned int flags)
{
	return cxl_list_json(s, flags);
}

static void cxl_release(void *priv)
{
	struct cxl_opts *o = priv;

	cxl_topo_free(o->topo);
	free(o);
}

static const char *const cxl_properties[] = {
	"memdev-attached", "probe-sync-point", "soft-reserve", "accel-fallback", "devres-once",
	"no-uaf",
	"no-leak", "module-safety", "no-deadlock", "lock-order", "all-attached", NULL,
};

const struct cxlsim__model cxlsim__cxl_model = {
	.name = "cxl",
	.summary = "the CXL subsystem's initialization, before and after the series",
	.properties = cxl_properties,
	.prepare = cxl_prepare,
	.setup = cxl_setup,
	.boot = cxl_boot,
	.check = cxl_check,
	.outcome = cxl_outcome,
	.state = cxl_end_state,
	.list = cxl_list,
	.release = cxl_release,
};
