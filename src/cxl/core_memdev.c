// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Memory devices (drivers/cxl/core/memdev.c): allocating memN and adding it
 * to the cxl bus.  Before the series this lives in cxl_core and returns as
 * soon as the device is added; with sync-memdev-attach it lives in cxl_mem,
 * whose driver is then registered before any memdev exists and probes
 * synchronously, inside device_add(); with memdev-probe-op a caller that
 * passes attach ops gets success only with the memdev and its endpoint bound.
 */
#include <errno.h>

#include "cxl/cxl.h"

static void cxl_memdev_release(struct device *dev)
{
	struct cxl_memdev *cxlmd = to_cxl_memdev(dev);

	/*
	 * Before patch 1 the EDAC repair records were torn down here, although
	 * they were allocated while cxl_mem was binding memN, after device_add(),
	 * and so already went with memN's devres when it was unbound.
	 */
	if (!cxl_variant(CXL_EDAC_RELEASE_FIX))
		devm_cxl_memdev_edac_release(cxlmd);
	sim_kfree(sim_current(), cxlmd);
}

const struct device_type cxl_memdev_type = {
	.name = "cxl_memdev",
	.release = cxl_memdev_release,
};

static void cxl_memdev_unregister(void *data)
{
	struct cxl_memdev *cxlmd = data;

	sim_tracef(sim_current(), "memdev-unregister", dev_name(&cxlmd->dev), NULL);
	cxlmd->cxlds->cxlmd = NULL;
	device_unregister(&cxlmd->dev);
}

/*
 * Queued by cxl_port when it lets go of memN's endpoint (the hierarchy above
 * it is going away).  The endpoint's probe took the reference dropped here.
 */
static void detach_memdev(struct sim_work *w)
{
	struct cxl_memdev *cxlmd = container_of(w, struct cxl_memdev_detach, work)->cxlmd;
	const struct cxl_memdev_attach *attach = cxlmd->attach;

	/* Follow-up: a creator with ->detach() decides what losing CXL.mem means. */
	if (attach && attach->detach && cxl_variant(CXL_MEMDEV_DETACH_OP))
		attach->detach(cxlmd);
	/* Patch 6: a creator that needs CXL.mem is detached with its memdev. */
	else if (attach)
		device_release_driver(cxlmd->dev.parent);
	else
		device_release_driver(&cxlmd->dev);
	put_device(&cxlmd->dev);
}

/* @cxlmd's detach work, allocated the first time it is queued; NULL if that fails. */
struct cxl_memdev_detach *cxl_memdev_detach_work(struct cxl_memdev *cxlmd)
{
	struct sim *s = sim_current();

	if (!cxlmd->detach) {
		/* Not an allocation the kernel makes here: no fault is injected into it. */
		sim_faults_off(s);
		cxlmd->detach = sim_kzalloc(s, sizeof(*cxlmd->detach), "cxl_memdev_detach");
		sim_faults_on(s);
		if (!cxlmd->detach)
			return NULL;
		cxlmd->detach->cxlmd = cxlmd;
		sim_init_work(s, &cxlmd->detach->work, "detach_memdev", detach_memdev);
	}
	return cxlmd->detach;
}

static struct cxl_memdev *cxl_memdev_alloc(struct cxl_dev_state *cxlds,
					   const struct cxl_memdev_attach *attach)
{
	struct cxl_model *m = cxl_model();
	struct cxl_memdev *cxlmd = sim_kzalloc(sim_current(), sizeof(*cxlmd), "cxl_memdev");
	struct device *dev;

	if (!cxlmd)
		return ERR_PTR(-ENOMEM);
	/*
	 * The kernel's detach work is part of the memdev, so an injected allocation failure
	 * may hit it here; its memory waits until the work is first queued (cxl_port lets go
	 * of the endpoint), which most memdevs of a run never see.
	 */
	if (sim_should_fail(sim_current(), "cxl_memdev_detach")) {
		sim_kfree(sim_current(), cxlmd);
		return ERR_PTR(-ENOMEM);
	}
	cxlmd->cxlds = cxlds;
	cxlmd->attach = attach;
	cxlmd->id = m->next_memdev_id++;
	dev = &cxlmd->dev;
	device_initialize(dev);
	dev->parent = cxlds->dev;
	dev->bus = &m->cxl_bus;
	dev->type = &cxl_memdev_type;
	dev_set_name(dev, "mem%d", cxlmd->id);
	return cxlmd;
}

/* memdev-attached, first half: the call may not return before cxl_mem had its chance. */
static void check_memdev_attached(struct cxl_memdev *cxlmd, bool success)
{
	struct sim *s = sim_current();

	/*
	 * The driver core counts every probe of memN, cxl_mem's only (an
	 * injected fault stands for cxl_mem_probe() failing: it was tried).
	 */
	if (!cxlmd->dev.probes)
		sim_violation(s, "memdev-attached",
			      "devm_cxl_add_memdev() returned before cxl_mem probed %s",
			      dev_name(&cxlmd->dev));
	if (success && cxlmd->attach &&
	    (!cxlmd->dev.driver || !cxlmd->endpoint || !cxlmd->endpoint->dev.driver))
		sim_violation(s, "memdev-attached",
			      "devm_cxl_add_memdev() succeeded with attach ops but %s is not "
			      "attached end to end", dev_name(&cxlmd->dev));
}

/* The point a timeline compares cxl_mem's probe of memN against (memdev-attached). */
static void trace_add_memdev_returned(uint32_t name, int rc)
{
	sim_trace(sim_current(), "devm_cxl_add_memdev-returned", name, 0, rc);
}

/*
 * Whether a creator that needs CXL.mem (@attach) got a memdev that cxl_mem
 * did not bind.  Decided under memN's device lock, since cxl_mem may be
 * unbinding memN concurrently (topology teardown); the lock ends with this
 * helper, before anyone unregisters memN (318c58852e68).
 */
static bool cxl_memdev_attach_failed(struct cxl_memdev *cxlmd)
{
	guard(device)(&cxlmd->dev);
	return cxlmd->attach && !cxlmd->dev.driver;
}

/* A failed attach: memN goes now and the creator falls back to PCI-only. */
static struct cxl_memdev *cxl_memdev_attach_fail(struct cxl_memdev *cxlmd)
{
	uint32_t name = cxlmd->dev.name_id;

	check_memdev_attached(cxlmd, false);
	cxl_memdev_unregister(cxlmd);
	trace_add_memdev_returned(name, -ENXIO);
	return ERR_PTR(-ENXIO);
}

/*
 * Hand memN to devres on @host so it goes when the host unbinds; with patch
 * 6, first fail a creator with @attach whose memN did not attach.
 *
 * As merged for 7.0 (29317f8d) the whole function runs under
 * guard(device)(&cxlmd->dev): the unregister of a failed attach, and the one
 * devm_add_action_or_reset() does when it cannot allocate, call
 * device_del(), which takes memN's device lock to mark it dead and again to
 * unbind it -- a self-deadlock.  With autoremove-deadlock-fix (318c58852e68)
 * only the check is under the lock.
 */
static struct cxl_memdev *cxl_memdev_autoremove(struct device *host, struct cxl_memdev *cxlmd)
{
	int rc;

	if (cxl_variant(CXL_MEMDEV_PROBE_OP) && !cxl_variant(CXL_AUTOREMOVE_DEADLOCK_FIX)) {
		guard(device)(&cxlmd->dev);
		if (cxlmd->attach && !cxlmd->dev.driver)
			return cxl_memdev_attach_fail(cxlmd);
		rc = devm_add_action_or_reset(host, cxl_memdev_unregister, cxlmd);
		if (rc)
			return ERR_PTR(rc);
		return cxlmd;
	}
	if (cxl_variant(CXL_MEMDEV_PROBE_OP) && cxl_memdev_attach_failed(cxlmd))
		return cxl_memdev_attach_fail(cxlmd);
	rc = devm_add_action_or_reset(host, cxl_memdev_unregister, cxlmd);
	if (rc)
		return ERR_PTR(rc);
	return cxlmd;
}

DEFINE_FREE(put_cxlmd, struct cxl_memdev *, if (!IS_ERR(_T) && _T) put_device(&_T->dev))

/* Patch 4's shape: the error paths unwind through __free(put_cxlmd). */
static struct cxl_memdev *__devm_cxl_add_memdev_scoped(struct device *host,
						       struct cxl_dev_state *cxlds,
						       const struct cxl_memdev_attach *attach)
{
	struct cxl_memdev *cxlmd __free(put_cxlmd) = cxl_memdev_alloc(cxlds, attach);
	int rc;

	if (IS_ERR(cxlmd))
		return no_free_ptr(cxlmd);
	cxlds->cxlmd = cxlmd;
	rc = device_add(&cxlmd->dev);
	if (rc)
		return ERR_PTR(rc);
	return cxl_memdev_autoremove(host, no_free_ptr(cxlmd));
}

/* The goto-ladder shape before patch 4: same behaviour. */
static struct cxl_memdev *__devm_cxl_add_memdev_ladder(struct device *host,
						       struct cxl_dev_state *cxlds,
						       const struct cxl_memdev_attach *attach)
{
	struct cxl_memdev *cxlmd = cxl_memdev_alloc(cxlds, attach);
	int rc;

	if (IS_ERR(cxlmd))
		return cxlmd;
	cxlds->cxlmd = cxlmd;
	rc = device_add(&cxlmd->dev);
	if (rc)
		goto err;
	return cxl_memdev_autoremove(host, cxlmd);
err:
	put_device(&cxlmd->dev);
	return ERR_PTR(rc);
}

struct cxl_memdev *devm_cxl_add_memdev(struct device *host, struct cxl_dev_state *cxlds,
				       const struct cxl_memdev_attach *attach)
{
	struct cxl_memdev *cxlmd;

	/* Patch 5: the host is always the device that owns the state. */
	if (cxl_variant(CXL_DROP_HOST_ARG))
		host = cxlds->dev;
	/* Before patch 6 there is nowhere to pass attach ops. */
	if (!cxl_variant(CXL_MEMDEV_PROBE_OP))
		attach = NULL;
	if (cxl_variant(CXL_SCOPED_CLEANUP))
		cxlmd = __devm_cxl_add_memdev_scoped(host, cxlds, attach);
	else
		cxlmd = __devm_cxl_add_memdev_ladder(host, cxlds, attach);
	if (IS_ERR(cxlmd))
		return cxlmd;
	check_memdev_attached(cxlmd, true);
	trace_add_memdev_returned(cxlmd->dev.name_id, 0);
	return cxlmd;
}
