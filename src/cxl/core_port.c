// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cxl_core's port half (drivers/cxl/core/port.c): the cxl bus, ports and
 * dports, and the walk from a memdev up to the root that adds the switch
 * ports in between.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cxl/cxl.h"

static int cxl_device_id(const struct device *dev)
{
	if (is_cxl_memdev(dev))
		return CXL_DEVICE_MEMORY_EXPANDER;
	if (is_cxl_nvdimm_bridge(dev))
		return CXL_DEVICE_NVDIMM_BRIDGE;
	if (is_cxl_nvdimm(dev))
		return CXL_DEVICE_NVDIMM;
	if (is_cxl_port(dev))
		return to_cxl_port((struct device *)dev)->is_root ? CXL_DEVICE_ROOT :
								    CXL_DEVICE_PORT;
	return 0;
}

static int cxl_bus_match(struct device *dev, const struct device_driver *drv)
{
	/* Each type has one driver: one strcmp() for the device's, not one per driver. */
	switch (cxl_device_id(dev)) {
	case CXL_DEVICE_MEMORY_EXPANDER:
		return !strcmp(drv->name, "cxl_mem");
	case CXL_DEVICE_PORT:
		return !strcmp(drv->name, "cxl_port");
	case CXL_DEVICE_NVDIMM_BRIDGE:
		return !strcmp(drv->name, "cxl_nvdimm_bridge");
	case CXL_DEVICE_NVDIMM:
		return !strcmp(drv->name, "cxl_nvdimm");
	default:
		return 0;
	}
}

static const char *cxl_bus_modalias(struct device *dev, char *buf, size_t len)
{
	int id = cxl_device_id(dev);

	if (!id)
		return NULL;
	sim_snprintf(buf, len, "cxl:t%d", id);
	return buf;
}

/*
 * device_attach() on every device, not bus_rescan_devices(): the latter looks
 * at dev->driver without the device lock and so skips a memdev whose failed
 * probe has not cleared it yet; the rescan is meant to be a probe barrier
 * (commit 3d6ebf16, "cxl/port: Fix cxl_bus_rescan() vs bus_rescan_devices()").
 */
static int cxl_rescan_attach(struct device *dev, void *data)
{
	device_attach(dev);
	return 0;
}

static void cxl_bus_rescan_queue(struct sim_work *w)
{
	bus_for_each_dev(&cxl_model()->cxl_bus, NULL, cxl_rescan_attach);
}

/* cxl_core's init: the bus and its workqueue. */
int cxl_bus_init(void)
{
	struct cxl_model *m = cxl_model();
	struct sim *s = sim_current();

	m->cxl_bus = (struct bus_type){
		.name = "cxl",
		.match = cxl_bus_match,
		.modalias = cxl_bus_modalias,
	};
	m->cxl_bus_wq = sim_alloc_workqueue(s, "cxl_port", SIM_WQ_ORDERED);
	sim_init_work(s, &m->cxl_bus_rescan_work, "cxl_bus_rescan", cxl_bus_rescan_queue);
	m->cxl_bus_registered = true;
	return bus_register(&m->cxl_bus);
}

/*
 * cxl_core's exit: no rescan may still be queued when the bus goes, and a
 * later load starts from a fresh bus and workqueue.
 */
void cxl_bus_exit(void)
{
	struct cxl_model *m = cxl_model();

	sim_flush_workqueue(sim_current(), m->cxl_bus_wq);
	bus_unregister(&m->cxl_bus);
	m->cxl_bus_registered = false;
}

void cxl_bus_rescan(void)
{
	struct cxl_model *m = cxl_model();

	sim_queue_work(sim_current(), m->cxl_bus_wq, &m->cxl_bus_rescan_work);
}

/* Wait for every rescan and memdev detach queued so far (drain_workqueue()). */
void cxl_bus_drain(void)
{
	sim_flush_workqueue(sim_current(), cxl_model()->cxl_bus_wq);
}

bool schedule_cxl_memdev_detach(struct cxl_memdev *cxlmd)
{
	struct cxl_memdev_detach *d = cxl_memdev_detach_work(cxlmd);

	return d && sim_queue_work(sim_current(), cxl_model()->cxl_bus_wq, &d->work);
}

int cxl_driver_register(struct device_driver *drv)
{
	drv->bus = &cxl_model()->cxl_bus;
	return driver_register(drv);
}

static struct cxl_dport **dport_bucket(struct cxl_model *m, const struct device *dport_dev)
{
	uintptr_t a = (uintptr_t)dport_dev;

	return &m->dport_hash[((a >> 4) ^ (a >> 16)) & m->dport_hash_mask];
}

static void dport_unhash(struct cxl_dport *dp)
{
	struct cxl_dport **pp = dport_bucket(cxl_model(), dp->dport_dev);

	while (*pp != dp)
		pp = &(*pp)->hash_next;
	*pp = dp->hash_next;
}

static void cxl_port_release(struct device *dev)
{
	struct cxl_port *port = to_cxl_port(dev);
	struct sim *s = sim_current();

	while (!list_empty(&port->dports)) {
		struct cxl_dport *dp = list_first_entry(&port->dports, struct cxl_dport, list);

		list_del(&dp->list);
		dport_unhash(dp);
		sim_kfree(s, dp);
	}
	/* The uport index points at the newest port of a device only. */
	if (port->uport_dev && !port->is_root && !port->is_endpoint &&
	    to_pci_dev(port->uport_dev)->uport_of == port)
		to_pci_dev(port->uport_dev)->uport_of = NULL;
	if (!port->is_root)
		put_device(dev->parent);
	sim_kfree(s, port);
}

const struct device_type cxl_port_type = {
	.name = "cxl_port",
	.release = cxl_port_release,
};

static void unregister_port(void *data)
{
	struct cxl_port *port = data;

	sim_tracef(sim_current(), "port-unregister", dev_name(&port->dev), NULL);
	device_unregister(&port->dev);
}

/*
 * The kernel's endpoint_host(): the device whose driver owns the endpoint's
 * registration, the parent port, or for an endpoint right below the root
 * (an RCD's) the root's uport, the platform device cxl_acpi binds.
 */
static struct device *endpoint_host(struct cxl_port *endpoint)
{
	/* Alive: a port pins its parent port until its own release. */
	struct cxl_port *port = to_cxl_port(endpoint->dev.parent);

	if (port->is_root)
		return port->uport_dev;
	return &port->dev;
}

/*
 * cxl_mem's binding of memN owns its endpoint: unbinding memN unregisters
 * the endpoint, unless the port above has let go of it already (then its
 * own devres did).  The references taken at registration go here.
 *
 * Note the lock: cxl_mem_probe() holds the endpoint's host lock around
 * devm_cxl_add_endpoint(), so when the devm registration below fails and
 * devm_add_action_or_reset() runs this at once, it takes a lock its own task
 * holds.  The kernel has the same path; --faults alloc reaches it.
 */
static void delete_endpoint(void *data)
{
	struct cxl_memdev *cxlmd = data;
	struct cxl_port *endpoint = cxlmd->endpoint;
	struct device *host = endpoint_host(endpoint);

	device_lock(host);
	if (host->driver)
		devm_release_action(host, unregister_port, endpoint);
	cxlmd->endpoint = NULL;
	device_unlock(host);
	put_device(&endpoint->dev);
	put_device(host);
}

int cxl_endpoint_autoremove(struct cxl_memdev *cxlmd, struct cxl_port *endpoint)
{
	get_device(endpoint_host(endpoint));
	get_device(&endpoint->dev);
	return devm_add_action_or_reset(&cxlmd->dev, delete_endpoint, cxlmd);
}

static struct cxl_dport *add_dport(struct cxl_port *port, struct device *dport_dev, bool rch)
{
	struct cxl_dport *dp = sim_kzalloc(sim_current(), sizeof(*dp), "cxl_dport");
	struct cxl_dport **bucket, *pos;

	if (!dp)
		return ERR_PTR(-ENOMEM);
	dp->dport_dev = dport_dev;
	dp->port = port;
	dp->rch = rch;
	/*
	 * In port-number order, as the kernel's xarray of dports iterates
	 * (the device name stands for the number), whatever order they came.
	 */
	list_for_each_entry(pos, &port->dports, list)
		if (strcmp(dev_name(pos->dport_dev), dev_name(dport_dev)) > 0)
			break;
	list_add_tail(&dp->list, &pos->list);
	bucket = dport_bucket(cxl_model(), dport_dev);
	dp->hash_next = *bucket;
	*bucket = dp;
	return dp;
}

/*
 * A host bridge as a dport of the root (cxl_acpi's add_host_bridge_dport()).
 * It lives as long as root0; the kernel's devres on the root's host ends at
 * the same unbind of cxl_acpi that unregisters root0.
 */
struct cxl_dport *devm_cxl_add_dport(struct cxl_port *port, struct device *dport_dev)
{
	return add_dport(port, dport_dev, false);
}

/* A restricted CXL host bridge: its RCD hangs right below, no port in between. */
struct cxl_dport *devm_cxl_add_rch_dport(struct cxl_port *port, struct device *dport_dev)
{
	return add_dport(port, dport_dev, true);
}

static void cxl_dport_remove(void *data)
{
	struct cxl_dport *dp = data;

	list_del(&dp->list);
	dport_unhash(dp);
	sim_kfree(sim_current(), dp);
}

/*
 * devm_cxl_add_dport_by_dev(): a dport added on demand belongs to the
 * port's driver binding, so it goes when cxl_port lets go of the port.
 */
static struct cxl_dport *devm_cxl_add_dport_by_dev(struct cxl_port *port,
						   struct device *dport_dev)
{
	struct cxl_dport *dp = add_dport(port, dport_dev, false);
	int rc;

	if (IS_ERR(dp))
		return dp;
	rc = devm_add_action_or_reset(&port->dev, cxl_dport_remove, dp);
	return rc ? ERR_PTR(rc) : dp;
}

struct cxl_dport *find_cxl_dport_by_dev(struct cxl_port *port, const struct device *dport_dev)
{
	struct cxl_dport *dp;

	list_for_each_entry(dp, &port->dports, list)
		if (dp->dport_dev == dport_dev)
			return dp;
	return NULL;
}

/*
 * Add the dport of @dport_dev to @port, whose device lock the caller holds.
 * Only a port cxl_port has bound takes dports: a port still between
 * device_add() and its probe says -ENXIO (the window 0066688d closes after
 * the series, by taking the port's host lock first).
 */
static struct cxl_dport *cxl_port_add_dport(struct cxl_port *port, struct device *dport_dev)
{
	if (!port->dev.driver) {
		sim_tracef(sim_current(), "enumerate-ports", dev_name(&port->dev),
			   "not bound: no dport %s", dev_name(dport_dev));
		return ERR_PTR(-ENXIO);
	}
	if (find_cxl_dport_by_dev(port, dport_dev))
		return ERR_PTR(-EBUSY);
	sim_tracef(sim_current(), "dport-add", dev_name(&port->dev), "%s", dev_name(dport_dev));
	return devm_cxl_add_dport_by_dev(port, dport_dev);
}

/*
 * Add a port for @uport_dev below @parent_dport (NULL for the root, whose
 * uport is the platform device @host).  A port starts without dports: they
 * are added on demand as endpoints below them probe (cxl_port_add_dport());
 * host bridges under the root are added by cxl_acpi.
 */
struct cxl_port *devm_cxl_add_port(struct device *host, struct device *uport_dev,
				   struct cxl_dport *parent_dport)
{
	struct cxl_model *m = cxl_model();
	struct cxl_port *port = sim_kzalloc(sim_current(), sizeof(*port), "cxl_port");
	struct device *dev;
	int rc;

	if (!port)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&port->dports);
	dev = &port->dev;
	device_initialize(dev);
	port->uport_dev = uport_dev;
	port->parent_dport = parent_dport;
	port->is_root = !parent_dport;
	port->is_endpoint = uport_dev && is_cxl_memdev(uport_dev);
	dev->parent = parent_dport ? &parent_dport->port->dev : host;
	/* cxl_port_alloc(): a port pins its parent port until its release. */
	if (parent_dport)
		get_device(dev->parent);
	dev->bus = &m->cxl_bus;
	dev->type = &cxl_port_type;
	/* One id space for root, switch and endpoint ports, as the kernel's cxl_port_ida. */
	port->id = port->is_root ? 0 : ++m->next_port_id;
	if (port->is_root)
		dev_set_name(dev, "root%d", port->id);
	else if (port->is_endpoint)
		dev_set_name(dev, "endpoint%d", port->id);
	else
		dev_set_name(dev, "port%d", port->id);
	if (!port->is_root && !port->is_endpoint)
		to_pci_dev(uport_dev)->uport_of = port;
	rc = device_add(dev);
	if (rc) {
		put_device(dev);
		return ERR_PTR(rc);
	}
	rc = devm_add_action_or_reset(host, unregister_port, port);
	if (rc)
		return ERR_PTR(rc);
	return port;
}

struct find_port_ctx {
	struct device *dport_dev;
	struct cxl_port *port;
	struct cxl_dport *dport;
};

static int match_port_by_dport(struct device *dev, void *data)
{
	struct find_port_ctx *ctx = data;
	struct cxl_dport *dp;

	if (!is_cxl_port(dev))
		return 0;
	list_for_each_entry(dp, &to_cxl_port(dev)->dports, list) {
		if (dp->dport_dev == ctx->dport_dev) {
			ctx->port = to_cxl_port(get_device(dev));
			ctx->dport = dp;
			return 1;
		}
	}
	return 0;
}

/*
 * The dport of @dport_dev on a registered port, from the index, when that
 * answers as the bus walk would: true with ctx->port NULL when no registered
 * port has it, false when two dports do (then the walk's order decides).
 */
static bool find_port_by_dport_hashed(struct find_port_ctx *ctx)
{
	struct cxl_dport *dp, *found = NULL;

	for (dp = *dport_bucket(cxl_model(), ctx->dport_dev); dp; dp = dp->hash_next) {
		if (dp->dport_dev != ctx->dport_dev || !dp->port->dev.registered)
			continue;
		if (found)
			return false;
		found = dp;
	}
	if (found) {
		ctx->port = to_cxl_port(get_device(&found->port->dev));
		ctx->dport = found;
	}
	return true;
}

/*
 * The port that has @dport_dev as a downstream port; a reference the caller puts.
 * The kernel walks the cxl bus; so do we while the strategy records footprints
 * (the walk reads every device on the bus), and otherwise we ask the dport
 * index, which finds the same port without the walk: linear, not quadratic,
 * setup time on large topologies.
 */
struct cxl_port *find_cxl_port(struct device *dport_dev, struct cxl_dport **dport)
{
	struct find_port_ctx ctx = { .dport_dev = dport_dev };

	if (!dport_dev || !cxl_model()->cxl_bus_registered)
		return NULL;
	if (sim_footprints(sim_current()) || !find_port_by_dport_hashed(&ctx))
		bus_for_each_dev(&cxl_model()->cxl_bus, &ctx, match_port_by_dport);
	if (ctx.port && dport)
		*dport = ctx.dport;
	return ctx.port;
}

struct cxl_port *cxl_mem_find_port(struct cxl_memdev *cxlmd, struct cxl_dport **dport)
{
	return find_cxl_port(grandparent(&cxlmd->dev), dport);
}

static int match_port_by_uport(struct device *dev, void *data)
{
	struct find_port_ctx *ctx = data;

	if (!is_cxl_port(dev) || to_cxl_port(dev)->uport_dev != ctx->dport_dev)
		return 0;
	ctx->port = to_cxl_port(get_device(dev));
	return 1;
}

/*
 * The registered port whose uport is @uport_dev, a reference the caller
 * puts.  As find_cxl_port(): the bus walk while footprints are recorded,
 * the device's own pointer otherwise.
 */
static struct cxl_port *find_cxl_port_by_uport(struct device *uport_dev)
{
	struct find_port_ctx ctx = { .dport_dev = uport_dev };
	struct cxl_port *port;

	if (!uport_dev || !cxl_model()->cxl_bus_registered)
		return NULL;
	if (sim_footprints(sim_current())) {
		bus_for_each_dev(&cxl_model()->cxl_bus, &ctx, match_port_by_uport);
		return ctx.port;
	}
	port = to_pci_dev(uport_dev)->uport_of;
	return port && port->dev.registered ? to_cxl_port(get_device(&port->dev)) : NULL;
}

/*
 * Under the parent port's lock: add the port for @uport_dev and, once
 * cxl_port has bound it, its dport @dport_dev.  -EAGAIN when another
 * memdev's probe added that port first.
 */
static struct cxl_dport *devm_cxl_create_port(struct cxl_memdev *cxlmd,
					      struct cxl_port *parent_port,
					      struct cxl_dport *parent_dport,
					      struct device *uport_dev, struct device *dport_dev)
{
	struct cxl_dport *dport;
	struct cxl_port *port;

	if (!parent_port->dev.driver) {
		sim_tracef(sim_current(), "enumerate-ports", dev_name(&cxlmd->dev),
			   "port %s disabled", dev_name(&parent_port->dev));
		return ERR_PTR(-ENXIO);
	}
	/*
	 * By uport, not by dport: another memdev below another dport of the
	 * same switch may have added the port, without @dport_dev yet.
	 */
	port = find_cxl_port_by_uport(uport_dev);
	if (port) {
		put_device(&port->dev);
		return ERR_PTR(-EAGAIN);
	}
	port = devm_cxl_add_port(&parent_port->dev, uport_dev, parent_dport);
	if (IS_ERR(port))
		return ERR_CAST(port);
	device_lock(&port->dev);
	dport = cxl_port_add_dport(port, dport_dev);
	device_unlock(&port->dev);
	return dport;
}

/*
 * Add the port for @uport_dev, whose downstream port @dport_dev leads to the
 * memdev, below the port of the level above.  -EAGAIN when that level has no
 * port yet (the walk goes up to add it first), -ENXIO when the level above
 * is the platform's and cxl_acpi has not added it (its rescan retries), 0
 * when a port was added or found (the walk starts over).
 */
static int add_port_attach_ep(struct cxl_memdev *cxlmd, struct device *uport_dev,
			      struct device *dport_dev)
{
	struct device *dparent = grandparent(dport_dev);
	struct cxl_dport *parent_dport, *dport;
	struct cxl_port *parent_port;
	int rc = 0;

	if (!dparent) {
		sim_tracef(sim_current(), "enumerate-ports", dev_name(&cxlmd->dev),
			   "%s is a root dport", dev_name(dport_dev));
		return -ENXIO;
	}
	parent_port = find_cxl_port_by_uport(dparent->parent);
	if (!parent_port)
		return -EAGAIN;
	device_lock(&parent_port->dev);
	parent_dport = find_cxl_dport_by_dev(parent_port, dparent);
	if (!parent_dport)
		parent_dport = cxl_port_add_dport(parent_port, dparent);
	if (IS_ERR(parent_dport)) {
		rc = PTR_ERR(parent_dport);
	} else {
		dport = devm_cxl_create_port(cxlmd, parent_port, parent_dport, uport_dev,
					     dport_dev);
		if (IS_ERR(dport) && PTR_ERR(dport) != -EAGAIN)
			rc = PTR_ERR(dport);
	}
	device_unlock(&parent_port->dev);
	put_device(&parent_port->dev);
	return rc;
}

/*
 * Under @port's lock: its dport @dport_dev, added now if missing (then
 * -EAGAIN, so the walk starts over and finds it).
 */
static struct cxl_dport *find_or_add_dport(struct cxl_port *port, struct device *dport_dev)
{
	struct cxl_dport *dport = find_cxl_dport_by_dev(port, dport_dev);

	if (dport)
		return dport;
	dport = cxl_port_add_dport(port, dport_dev);
	return IS_ERR(dport) ? dport : ERR_PTR(-EAGAIN);
}

/*
 * The device whose lock serialises adding @port and its dports with
 * port-host-lock-fix (0066688dbcdc, helper 822655e6751d): the port above
 * it, or for a port right below the root the platform device that owns the
 * root (cxl_acpi adds those under its own device lock).  NULL without the
 * fix: the series as merged takes no such lock.
 */
static struct device *port_to_host(struct cxl_port *port)
{
	struct cxl_port *parent;

	if (!cxl_variant(CXL_PORT_HOST_LOCK_FIX) || !port->dev.parent)
		return NULL;
	parent = to_cxl_port(port->dev.parent);
	return parent->is_root ? parent->uport_dev : &parent->dev;
}

int devm_cxl_enumerate_ports(struct cxl_memdev *cxlmd)
{
	struct device *iter;
	int rc, passes = 0;

	/* An RCD has no ports between its host bridge and itself. */
	if (cxlmd->cxlds->rcd)
		return 0;
retry:
	/* Not in the kernel: a bound on restarts, so a model bug cannot spin. */
	if (++passes > 64)
		return -ENXIO;
	for (iter = &cxlmd->dev; iter; iter = grandparent(iter)) {
		struct device *dport_dev = grandparent(iter);
		struct device *uport_dev;
		struct cxl_dport *dport;
		struct cxl_port *port;

		if (!dport_dev)
			return -ENXIO;
		if (to_pci_dev(dport_dev)->is_host_bridge)
			return 0;
		uport_dev = dport_dev->parent;
		if (!uport_dev)
			return -ENXIO;
		port = find_cxl_port_by_uport(uport_dev);
		if (port) {
			struct device *host = port_to_host(port);
			bool top;

			/*
			 * The fix: whoever adds a port holds its host's lock until the
			 * port is added and bound, so waiting for that lock closes the
			 * window where the port is on the bus but cxl_port has not
			 * bound it yet (cxl_port_add_dport() would say -ENXIO).
			 */
			if (host)
				device_lock(host);
			/* A root port cxl_acpi added without dports gets its dport here. */
			device_lock(&port->dev);
			dport = find_or_add_dport(port, dport_dev);
			device_unlock(&port->dev);
			if (host)
				device_unlock(host);
			top = to_cxl_port(port->dev.parent)->is_root;
			put_device(&port->dev);
			if (IS_ERR(dport)) {
				if (PTR_ERR(dport) == -EAGAIN)
					goto retry;
				return PTR_ERR(dport);
			}
			/* Any more ports to add between this one and the root? */
			if (top)
				return 0;
			continue;
		}
		rc = add_port_attach_ep(cxlmd, uport_dev, dport_dev);
		/* The level above has no port: add that one first. */
		if (rc == -EAGAIN)
			continue;
		if (rc)
			return rc;
		goto retry;
	}
	return 0;
}
