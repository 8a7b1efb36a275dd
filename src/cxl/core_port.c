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
	int id = cxl_device_id(dev);

	if (!strcmp(drv->name, "cxl_mem"))
		return id == CXL_DEVICE_MEMORY_EXPANDER;
	if (!strcmp(drv->name, "cxl_port"))
		return id == CXL_DEVICE_PORT;
	if (!strcmp(drv->name, "cxl_nvdimm_bridge"))
		return id == CXL_DEVICE_NVDIMM_BRIDGE;
	if (!strcmp(drv->name, "cxl_nvdimm"))
		return id == CXL_DEVICE_NVDIMM;
	return 0;
}

static const char *cxl_bus_modalias(struct device *dev, char *buf, size_t len)
{
	int id = cxl_device_id(dev);

	if (!id)
		return NULL;
	sim_snprintf(buf, len, "cxl:t%d*", id);
	buf[strlen(buf) - 1] = '\0';
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
	return sim_queue_work(sim_current(), cxl_model()->cxl_bus_wq, &cxlmd->detach->work);
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
 * cxl_mem's binding of memN owns its endpoint: unbinding memN unregisters
 * the endpoint, unless the port above has let go of it already (then its
 * own devres did).  The references taken at registration go here.
 *
 * Note the lock: cxl_mem_probe() holds the parent port's device lock around
 * devm_cxl_add_endpoint(), so when the devm registration below fails and
 * devm_add_action_or_reset() runs this at once, it takes a lock its own task
 * holds.  The kernel has the same path; --faults alloc reaches it.
 */
static void delete_endpoint(void *data)
{
	struct cxl_memdev *cxlmd = data;
	struct cxl_port *endpoint = cxlmd->endpoint;
	/*
	 * The kernel's endpoint_host(): the parent port, which is never the root
	 * here (an endpoint hangs below a host bridge or a switch).
	 */
	struct device *host = endpoint->dev.parent;

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
	get_device(endpoint->dev.parent);
	get_device(&endpoint->dev);
	return devm_add_action_or_reset(&cxlmd->dev, delete_endpoint, cxlmd);
}

struct cxl_dport *devm_cxl_add_dport(struct cxl_port *port, struct device *dport_dev)
{
	struct cxl_dport *dp = sim_kzalloc(sim_current(), sizeof(*dp), "cxl_dport");
	struct cxl_dport **bucket;

	if (!dp)
		return ERR_PTR(-ENOMEM);
	dp->dport_dev = dport_dev;
	dp->port = port;
	list_add_tail(&dp->list, &port->dports);
	bucket = dport_bucket(cxl_model(), dport_dev);
	dp->hash_next = *bucket;
	*bucket = dp;
	return dp;
}

/*
 * Add a port for @uport_dev below @parent_dport (NULL for the root).  The
 * port's dports are the devices hanging off @uport_dev that lead further
 * down (host bridges under the root are added by cxl_acpi instead).
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
	if (!port->is_root && !port->is_endpoint && uport_dev) {
		/* A switch or host bridge: every PCI child below it is a dport. */
		struct device *child;
		struct pci_dev *p;

		list_for_each_entry(child, &m->pci_bus.devices, bus_node) {
			p = to_pci_dev(child);
			if (child->parent == uport_dev && p->class == PCI_CLASS_BRIDGE_PCI)
				devm_cxl_add_dport(port, child);
		}
	}
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

/*
 * Make sure a port exists for @uport_dev, whose downstream port @dport_dev
 * leads to the memdev.  -ENXIO when the level above is the platform's and is
 * missing (cxl_acpi rescans once it has added it) or when the parent port
 * has no driver; -EAGAIN after adding a port, so the walk restarts.
 */
static int add_port_attach_ep(struct cxl_memdev *cxlmd, struct device *uport_dev,
			      struct device *dport_dev)
{
	struct device *dparent = grandparent(dport_dev);
	struct cxl_dport *parent_dport;
	struct cxl_port *parent_port, *port;
	int rc = -EAGAIN;

	parent_port = find_cxl_port(dparent, &parent_dport);
	if (!parent_port) {
		sim_tracef(sim_current(), "enumerate-ports", dev_name(&cxlmd->dev),
			   "no port above %s yet", dev_name(uport_dev));
		return -ENXIO;
	}
	device_lock(&parent_port->dev);
	if (!parent_port->dev.driver && !parent_port->is_root) {
		sim_tracef(sim_current(), "enumerate-ports", dev_name(&cxlmd->dev),
			   "port %s disabled", dev_name(&parent_port->dev));
		rc = -ENXIO;
	} else {
		port = find_cxl_port(dport_dev, NULL);
		if (!port) {
			port = devm_cxl_add_port(&parent_port->dev, uport_dev, parent_dport);
			if (IS_ERR(port))
				rc = PTR_ERR(port);
		} else {
			put_device(&port->dev);
		}
	}
	device_unlock(&parent_port->dev);
	put_device(&parent_port->dev);
	return rc;
}

int devm_cxl_enumerate_ports(struct cxl_memdev *cxlmd)
{
	struct device *iter;
	int rc, passes = 0;

retry:
	if (++passes > 16)
		return -ENXIO;
	/* Walk up from the memdev; each level's port is added below the one above it. */
	for (iter = &cxlmd->dev; iter; iter = grandparent(iter)) {
		struct device *dport_dev = grandparent(iter);
		struct device *uport_dev;
		struct cxl_port *port;

		if (!dport_dev)
			return 0;
		uport_dev = dport_dev->parent;
		if (!uport_dev)
			return -ENXIO;
		port = find_cxl_port(dport_dev, NULL);
		if (port) {
			put_device(&port->dev);
			/* Reached a port the platform or an earlier pass added. */
			if (to_pci_dev(uport_dev)->is_host_bridge)
				return 0;
			continue;
		}
		rc = add_port_attach_ep(cxlmd, uport_dev, dport_dev);
		if (rc == -EAGAIN)
			goto retry;
		if (rc)
			return rc;
	}
	return 0;
}
