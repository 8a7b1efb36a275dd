// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The mock CXL platform: what firmware and PCI enumeration would give the
 * CXL drivers, built from a libcxlsim topology, at the seams that the
 * kernel's own cxl_test mocks (tools/testing/cxl/Kbuild's --wrap list).
 *
 * Every device is a platform device, as in cxl_test: host bridges
 * (cxl_host_bridge.N, with an ACPI0016 companion), root ports
 * (cxl_root_port.N, children of their bridge), switch upstream and
 * downstream ports (cxl_switch_uport.N, cxl_switch_dport.N), memory devices
 * (cxl_mem.N below a root or downstream port, cxl_rcd.N below a restricted
 * host bridge) and the ACPI0017 device (cxl_acpi.0) that cxl_acpi binds.
 * The CEDT holds a CHBS per host bridge and a CFMWS per window.
 *
 * The seams inside cxl_core are replaced at link time (ld --wrap, as
 * cxl_test does): each __wrap_ function here answers for the platform's
 * devices, which are all of them.  A question the platform has no honest
 * answer to is not answered here: its symbol stays unimplemented.
 */
#include <linux/platform_device.h>
#include <linux/acpi.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/log2.h>
#include <cxl.h>
#include <cxlmem.h>
#include <cxlpci.h>

#include "cxl/topology.h"
#include "linux/mock/platform.h"

/* HDM decoders per port: the topology does not say; one each keeps runs small. */
#define MOCK_DECODERS_PER_PORT 1
#define MOCK_CHBS_BASE 0xe0000000ULL

/* A downstream port device: a root port or a switch's downstream port. */
struct mock_dport {
	struct platform_device *pdev;
	int port_id;
};

struct mock_hb {
	struct acpi_device adev;
	char uid[16];
	struct platform_device *pdev;
	struct pci_bus bus;
	struct acpi_pci_root root;
	const struct cxl_topo_hb *topo;
};

struct mock_platform {
	const struct cxl_topo *topo;
	struct acpi_device acpi0017;
	struct platform_device *cxl_acpi;
	unsigned int nr_hb;
	struct mock_hb hb[TOPO_MAX_HB];
	unsigned int nr_dports, cap_dports;
	struct mock_dport *dports;
	/* Counters for the platform device ids, one per kind. */
	int nr_root_ports, nr_uports, nr_sw_dports, nr_mem;
	u8 *cedt;			/* CHBS entries then CFMWS entries */
	size_t cedt_len;
};

static struct mock_platform *mock;

void cxl_mock_platform_reset(void)
{
	mock = NULL;
}

static bool is_mock_adev(const struct acpi_device *adev)
{
	unsigned int i;

	if (!mock)
		return false;
	if (adev == &mock->acpi0017)
		return true;
	for (i = 0; i < mock->nr_hb; i++)
		if (adev == &mock->hb[i].adev)
			return true;
	return false;
}

static struct mock_hb *find_hb_by_dev(const struct device *dev)
{
	unsigned int i;

	for (i = 0; mock && i < mock->nr_hb; i++)
		if (mock->hb[i].pdev && dev == &mock->hb[i].pdev->dev)
			return &mock->hb[i];
	return NULL;
}

static struct mock_hb *find_hb_by_handle(acpi_handle handle)
{
	unsigned int i;

	for (i = 0; mock && i < mock->nr_hb; i++)
		if (handle == mock->hb[i].adev.handle)
			return &mock->hb[i];
	return NULL;
}

/* ---- the ACPI seams: no ACPI exists but the platform's ---- */

bool is_acpi_device_node(const struct fwnode_handle *fwnode)
{
	return fwnode && is_mock_adev(to_acpi_device_node(fwnode));
}

acpi_status acpi_evaluate_integer(acpi_handle handle, acpi_string pathname,
				  struct acpi_object_list *arguments, unsigned long long *data)
{
	struct mock_hb *hb = find_hb_by_handle(handle);

	if (!hb || strcmp(pathname, METHOD_NAME__UID) != 0)
		return AE_NOT_FOUND;
	*data = hb->topo->uid;
	return AE_OK;
}

struct acpi_pci_root *acpi_pci_find_root(acpi_handle handle)
{
	struct mock_hb *hb = find_hb_by_handle(handle);

	return hb ? &hb->root : NULL;
}

/* Call @handler on each CEDT subtable of type @id; the number handled. */
int acpi_table_parse_cedt(enum acpi_cedt_type id, acpi_tbl_entry_handler_arg handler, void *arg)
{
	size_t off = 0;
	int count = 0;

	if (!mock)
		return -ENODEV;
	while (off < mock->cedt_len) {
		union acpi_subtable_headers *h = (void *)(mock->cedt + off);
		unsigned long end = (unsigned long)h + h->cedt.length;

		if (h->cedt.type == id) {
			int rc = handler(h, arg, end);

			if (rc)
				return rc < 0 ? rc : count + 1;
			count++;
		}
		off += h->cedt.length;
	}
	return count;
}

/* acpi.c's __mock host-bridge lookup: a platform host bridge is its own ACPI0016. */
struct acpi_device *to_cxl_host_bridge(struct device *host, struct device *dev)
{
	struct mock_hb *hb = find_hb_by_dev(dev);

	return hb ? &hb->adev : NULL;
}

/* ---- the cxl_core seams (ld --wrap) ---- */

int __wrap_devm_cxl_port_enumerate_dports(struct cxl_port *port)
{
	unsigned int i;
	int count = 0;

	for (i = 0; mock && i < mock->nr_dports; i++) {
		struct mock_dport *d = &mock->dports[i];
		struct cxl_dport *dport;

		if (d->pdev->dev.parent != port->uport_dev)
			continue;
		dport = devm_cxl_add_dport(port, &d->pdev->dev, d->port_id, CXL_RESOURCE_NONE);
		if (IS_ERR(dport))
			return PTR_ERR(dport);
		count++;
	}
	/* As the PCI walk says when a port has no downstream port. */
	return count ? count : -ENODEV;
}

struct cxl_hdm *__wrap_devm_cxl_setup_hdm(struct cxl_port *port,
					  struct cxl_endpoint_dvsec_info *info)
{
	struct cxl_hdm *cxlhdm = devm_kzalloc(&port->dev, sizeof(*cxlhdm), GFP_KERNEL);

	if (!cxlhdm)
		return ERR_PTR(-ENOMEM);
	cxlhdm->port = port;
	cxlhdm->decoder_count = MOCK_DECODERS_PER_PORT;
	cxlhdm->interleave_mask = ~0U;
	cxlhdm->iw_cap_mask = ~0UL;
	dev_set_drvdata(&port->dev, cxlhdm);
	return cxlhdm;
}

/* Every mock port has an HDM decoder capability: a passthrough is never right. */
int __wrap_devm_cxl_add_passthrough_decoder(struct cxl_port *port)
{
	dev_err(&port->dev, "mock platform: unexpected passthrough decoder\n");
	return -EOPNOTSUPP;
}

static int mock_decoder_commit(struct cxl_decoder *cxld)
{
	struct cxl_port *port = to_cxl_port(cxld->dev.parent);

	if (cxld->flags & CXL_DECODER_F_ENABLE)
		return 0;
	/* Decoders commit in order, as the HDM decoder capability demands. */
	if (cxl_num_decoders_committed(port) != cxld->id)
		return -EBUSY;
	port->commit_end++;
	cxld->flags |= CXL_DECODER_F_ENABLE;
	return 0;
}

static void mock_decoder_reset(struct cxl_decoder *cxld)
{
	struct cxl_port *port = to_cxl_port(cxld->dev.parent);

	if (!(cxld->flags & CXL_DECODER_F_ENABLE))
		return;
	if (port->commit_end == cxld->id)
		cxl_port_commit_reap(cxld);
	cxld->flags &= ~CXL_DECODER_F_ENABLE;
}

int __wrap_devm_cxl_enumerate_decoders(struct cxl_hdm *cxlhdm,
				       struct cxl_endpoint_dvsec_info *info)
{
	struct cxl_port *port = cxlhdm->port;
	int target_map[CXL_DECODER_MAX_INTERLEAVE] = { 0 };
	int nr_targets = 0;
	unsigned int i;
	int n;

	if (!is_cxl_endpoint(port))
		for (i = 0; mock && i < mock->nr_dports; i++)
			if (mock->dports[i].pdev->dev.parent == port->uport_dev &&
			    nr_targets < CXL_DECODER_MAX_INTERLEAVE)
				target_map[nr_targets++] = mock->dports[i].port_id;

	for (n = 0; n < MOCK_DECODERS_PER_PORT; n++) {
		struct cxl_decoder *cxld;
		int rc;

		if (!is_cxl_endpoint(port)) {
			struct cxl_switch_decoder *cxlsd;

			cxlsd = cxl_switch_decoder_alloc(port, nr_targets ? nr_targets : 1);
			if (IS_ERR(cxlsd))
				return PTR_ERR(cxlsd);
			cxld = &cxlsd->cxld;
		} else {
			struct cxl_endpoint_decoder *cxled = cxl_endpoint_decoder_alloc(port);

			if (IS_ERR(cxled))
				return PTR_ERR(cxled);
			cxld = &cxled->cxld;
		}
		/* Firmware committed nothing: an idle decoder, as after reset. */
		cxld->hpa_range = (struct range){ .start = 0, .end = -1 };
		cxld->interleave_ways = 1;
		cxld->interleave_granularity = 256;
		cxld->target_type = CXL_DECODER_HOSTONLYMEM;
		cxld->commit = mock_decoder_commit;
		cxld->reset = mock_decoder_reset;

		rc = cxl_decoder_add_locked(cxld, is_cxl_endpoint(port) ? NULL : target_map);
		if (rc) {
			put_device(&cxld->dev);
			return rc;
		}
		rc = cxl_decoder_autoremove(&port->dev, cxld);
		if (rc)
			return rc;
	}
	return 0;
}

/* The platform's memory devices report media ready at once (their topology says if not). */
int __wrap_cxl_await_media_ready(struct cxl_dev_state *cxlds)
{
	return 0;
}

/* No DVSEC range registers to decode: the devices are HDM-decoder based. */
int __wrap_cxl_hdm_decode_init(struct cxl_dev_state *cxlds, struct cxl_hdm *cxlhdm,
			       struct cxl_endpoint_dvsec_info *info)
{
	return 0;
}

int __wrap_cxl_dvsec_rr_decode(struct device *dev, struct cxl_port *port,
			       struct cxl_endpoint_dvsec_info *info)
{
	return 0;
}

/* A restricted host bridge's dport: the RCRB is recorded, never mapped. */
struct cxl_dport *__wrap_devm_cxl_add_rch_dport(struct cxl_port *port, struct device *dport_dev,
						int port_id, resource_size_t rcrb)
{
	struct cxl_dport *dport = devm_cxl_add_dport(port, dport_dev, port_id, CXL_RESOURCE_NONE);

	if (!IS_ERR(dport)) {
		dport->rcrb.base = rcrb;
		dport->rch = true;
	}
	return dport;
}

resource_size_t __wrap_cxl_rcd_component_reg_phys(struct device *dev, struct cxl_dport *dport)
{
	return CXL_RESOURCE_NONE;
}

/* The platform's devices have no CDAT. */
void __wrap_cxl_endpoint_parse_cdat(struct cxl_port *port)
{
}

/* ---- building the platform ---- */

/*
 * Everything a driver reads of the device (@data: the topology node) is set
 * before device_add(): its driver may be loaded already and probe at once.
 */
static int mock_device_add(const char *name, int id, struct device *parent,
			   struct acpi_device *companion, const void *data,
			   struct platform_device **out)
{
	struct platform_device *pdev = platform_device_alloc(name, id);
	int rc;

	if (!pdev)
		return -ENOMEM;
	if (parent)
		pdev->dev.parent = parent;
	/* The companion is never added: only its fwnode and bus are read. */
	if (companion)
		pdev->dev.fwnode = &companion->fwnode;
	pdev->dev.platform_data = (void *)data;
	rc = platform_device_add(pdev);
	if (rc) {
		platform_device_put(pdev);
		return rc;
	}
	if (out)
		*out = pdev;
	return 0;
}

static int add_dport_record(struct platform_device *pdev, int port_id)
{
	if (mock->nr_dports == mock->cap_dports) {
		unsigned int cap = mock->cap_dports ? 2 * mock->cap_dports : 16;
		struct mock_dport *d = kcalloc(cap, sizeof(*d), GFP_KERNEL);

		if (!d)
			return -ENOMEM;
		if (mock->dports)
			memcpy(d, mock->dports, mock->nr_dports * sizeof(*d));
		kfree(mock->dports);
		mock->dports = d;
		mock->cap_dports = cap;
	}
	mock->dports[mock->nr_dports++] = (struct mock_dport){ .pdev = pdev, .port_id = port_id };
	return 0;
}

/* What sits behind a downstream port @parent: a switch, a memory device, or nothing. */
static int add_below(const struct cxl_topo_node *node, struct device *parent)
{
	struct platform_device *uport;
	unsigned int d;
	int rc;

	switch (node->kind) {
	case TOPO_EMPTY:
		return 0;
	case TOPO_MEMDEV:
		/* Devices come later (cxl_test adds cxl_acpi first): recorded by parent. */
		return 0;
	case TOPO_ACCEL:
		/* Type-2 devices need a driver of their own; 6.12 has none. */
		return 0;
	case TOPO_SWITCH:
		break;
	}
	rc = mock_device_add("cxl_switch_uport", mock->nr_uports++, parent, NULL, NULL,
			     &uport);
	if (rc)
		return rc;
	for (d = 0; d < node->nr_down; d++) {
		struct platform_device *dport;

		rc = mock_device_add("cxl_switch_dport", mock->nr_sw_dports++, &uport->dev, NULL,
				     NULL, &dport);
		if (rc)
			return rc;
		rc = add_dport_record(dport, d);
		if (rc)
			return rc;
		rc = add_below(node->down[d], &dport->dev);
		if (rc)
			return rc;
	}
	return 0;
}

/* The memory devices, depth first in topology order, below their port's device. */
static int add_memdevs(const struct cxl_topo_node *node, struct device *parent, bool rcd)
{
	unsigned int d;
	int rc;

	if (node->kind == TOPO_MEMDEV) {
		struct platform_device *pdev;

		return mock_device_add(rcd ? "cxl_rcd" : "cxl_mem", mock->nr_mem++, parent, NULL,
				       node, &pdev);
	}
	if (node->kind != TOPO_SWITCH)
		return 0;
	/* The switch's downstream ports were recorded in order: find this one's. */
	for (d = 0; d < node->nr_down; d++) {
		struct device *dport = NULL;
		unsigned int i;

		for (i = 0; i < mock->nr_dports; i++) {
			struct device *dev = &mock->dports[i].pdev->dev;

			if (dev->parent && dev->parent->parent == parent &&
			    mock->dports[i].port_id == (int)d) {
				dport = dev;
				break;
			}
		}
		if (!dport)
			return -ENXIO;
		rc = add_memdevs(node->down[d], dport, false);
		if (rc)
			return rc;
	}
	return 0;
}

/* CFMWS encodings (CXL 3.0 9.18.1.3): interleave ways and granularity. */
static int eniw_of(unsigned int ways)
{
	switch (ways) {
	case 1: return 0;
	case 2: return 1;
	case 4: return 2;
	case 8: return 3;
	case 16: return 4;
	case 3: return 8;
	case 6: return 9;
	case 12: return 10;
	}
	return -EINVAL;
}

static int build_cedt(const struct cxl_topo *t)
{
	size_t len = t->nr_hb * sizeof(struct acpi_cedt_chbs);
	unsigned int i, j;
	u8 *p;

	for (i = 0; i < t->nr_windows; i++)
		len += sizeof(struct acpi_cedt_cfmws) + t->windows[i].ways * sizeof(u32);
	mock->cedt = kzalloc(len, GFP_KERNEL);
	if (!mock->cedt)
		return -ENOMEM;
	mock->cedt_len = len;
	p = mock->cedt;
	for (i = 0; i < t->nr_hb; i++) {
		struct acpi_cedt_chbs *chbs = (void *)p;

		chbs->header.type = ACPI_CEDT_TYPE_CHBS;
		chbs->header.length = sizeof(*chbs);
		chbs->uid = t->hb[i].uid;
		if (t->hb[i].rch) {
			chbs->cxl_version = ACPI_CEDT_CHBS_VERSION_CXL11;
			chbs->length = ACPI_CEDT_CHBS_LENGTH_CXL11;
		} else {
			chbs->cxl_version = ACPI_CEDT_CHBS_VERSION_CXL20;
			chbs->length = ACPI_CEDT_CHBS_LENGTH_CXL20;
		}
		chbs->base = MOCK_CHBS_BASE + (u64)i * ACPI_CEDT_CHBS_LENGTH_CXL20;
		p += sizeof(*chbs);
	}
	for (i = 0; i < t->nr_windows; i++) {
		const struct cxl_topo_window *w = &t->windows[i];
		struct acpi_cedt_cfmws *cfmws = (void *)p;
		int eniw = eniw_of(w->ways);

		if (eniw < 0 || w->granularity < 256 || !is_power_of_2(w->granularity))
			return -EINVAL;
		cfmws->header.type = ACPI_CEDT_TYPE_CFMWS;
		cfmws->header.length = sizeof(*cfmws) + w->ways * sizeof(u32);
		cfmws->base_hpa = w->base;
		cfmws->window_size = w->size;
		cfmws->interleave_ways = eniw;
		cfmws->interleave_arithmetic = ACPI_CEDT_CFMWS_ARITHMETIC_MODULO;
		cfmws->granularity = ilog2(w->granularity) - 8;
		cfmws->restrictions =
			(w->flags & TOPO_WINDOW_TYPE2 ? ACPI_CEDT_CFMWS_RESTRICT_TYPE2 : 0) |
			(w->flags & TOPO_WINDOW_TYPE3 ? ACPI_CEDT_CFMWS_RESTRICT_TYPE3 : 0) |
			(w->flags & TOPO_WINDOW_RAM ? ACPI_CEDT_CFMWS_RESTRICT_VOLATILE : 0) |
			(w->flags & TOPO_WINDOW_PMEM ? ACPI_CEDT_CFMWS_RESTRICT_PMEM : 0) |
			(w->flags & TOPO_WINDOW_FIXED ? ACPI_CEDT_CFMWS_RESTRICT_FIXED : 0);
		for (j = 0; j < w->ways; j++)
			cfmws->interleave_targets[j] = w->target_uid[j];
		p += cfmws->header.length;
	}
	return 0;
}

/*
 * A root port's id (its PCIe port number): the topology's, when it gives the
 * bridge's root ports distinct ones, else the port's position (the built-in
 * topologies leave every id 0).
 */
static int root_port_id(const struct cxl_topo_hb *hb, unsigned int r)
{
	unsigned int a, b;

	for (a = 0; a < hb->nr_root_ports; a++)
		for (b = a + 1; b < hb->nr_root_ports; b++)
			if (hb->rp[a]->port_id == hb->rp[b]->port_id)
				return r;
	return hb->rp[r]->port_id;
}

int cxl_mock_platform_create(const struct cxl_topo *t)
{
	unsigned int i, r;
	int rc;

	mock = kzalloc(sizeof(*mock), GFP_KERNEL);
	if (!mock)
		return -ENOMEM;
	mock->topo = t;
	rc = build_cedt(t);
	if (rc)
		return rc;

	/* Host bridges, root ports and switches first, as cxl_test's init. */
	for (i = 0; i < t->nr_hb; i++) {
		struct mock_hb *hb = &mock->hb[i];

		hb->topo = &t->hb[i];
		hb->adev.handle = &hb->adev;
		snprintf(hb->uid, sizeof(hb->uid), "%u", t->hb[i].uid);
		hb->adev.pnp.hardware_id = "ACPI0016";
		hb->adev.pnp.unique_id = hb->uid;
		hb->root.device = &hb->adev;
		hb->root.bus = &hb->bus;
		mock->nr_hb = i + 1;
		rc = mock_device_add("cxl_host_bridge", i, NULL, &hb->adev, NULL, &hb->pdev);
		if (rc)
			return rc;
		hb->bus.bridge = &hb->pdev->dev;
		if (t->hb[i].rch)
			continue;
		for (r = 0; r < t->hb[i].nr_root_ports; r++) {
			const struct cxl_topo_node *node = t->hb[i].rp[r];
			struct platform_device *rp;

			rc = mock_device_add("cxl_root_port", mock->nr_root_ports++,
					     &hb->pdev->dev, NULL, NULL, &rp);
			if (rc)
				return rc;
			rc = add_dport_record(rp, root_port_id(&t->hb[i], r));
			if (rc)
				return rc;
			rc = add_below(node, &rp->dev);
			if (rc)
				return rc;
		}
	}

	mock->acpi0017.handle = &mock->acpi0017;
	mock->acpi0017.pnp.hardware_id = "ACPI0017";
	/* cxl_acpi walks the companion's bus for host bridges: the platform bus. */
	mock->acpi0017.dev.bus = &platform_bus_type;
	rc = mock_device_add("cxl_acpi", 0, NULL, &mock->acpi0017, NULL, &mock->cxl_acpi);
	if (rc)
		return rc;

	/* The memory devices last, below their ports. */
	for (i = 0; i < t->nr_hb; i++) {
		struct mock_hb *hb = &mock->hb[i];

		if (t->hb[i].rch) {
			if (t->hb[i].nr_root_ports && t->hb[i].rp[0])
				rc = add_memdevs(t->hb[i].rp[0], &hb->pdev->dev, true);
			if (rc)
				return rc;
			continue;
		}
		for (r = 0; r < t->hb[i].nr_root_ports; r++) {
			const struct cxl_topo_node *node = t->hb[i].rp[r];
			struct device *rp = NULL;
			unsigned int k;

			for (k = 0; k < mock->nr_dports; k++)
				if (mock->dports[k].pdev->dev.parent == &hb->pdev->dev &&
				    mock->dports[k].port_id == root_port_id(&t->hb[i], r)) {
					rp = &mock->dports[k].pdev->dev;
					break;
				}
			if (!rp)
				return -ENXIO;
			rc = add_memdevs(node, rp, false);
			if (rc)
				return rc;
		}
	}
	return 0;
}
