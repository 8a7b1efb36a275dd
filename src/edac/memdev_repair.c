// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * EDAC memory repair records of a memdev (drivers/cxl/core/edac.c, read at
 * 10016118, patch 1 of the series): the array that keeps the DRAM and
 * general-media event records which repair (PPR, memory sparing) consults.
 * Only the array's lifetime is modelled; that is what patch 1 ("Fix
 * devm_cxl_memdev_edac_release() confusion") changes.
 *
 * cxl_mem_probe() registers EDAC, so the array belongs to cxl_mem's binding
 * of memN.  The kernel allocates it only when CONFIG_CXL_EDAC_MEM_REPAIR is
 * set (assumed here) and feature discovery found at least one repair
 * feature (a sparing kind or soft PPR, changeable): the topology's memdev
 * key "repair_features" stands for that discovery.  cxl_test's mock memdevs
 * report no repair feature, so the default topology has none.
 *
 * Before patch 1 the array is a devm allocation on memN, yet the memdev's
 * release() walks it: by then memN's devres has run (at unbind, and again in
 * the driver core's release path before ->release()), so release() reads an
 * array that is already freed.  After patch 1 the array is a plain
 * allocation torn down by a devres action on memN that also clears the
 * pointer, and release() no longer looks at it.
 *
 * Layering: src/edac sits above src/cxl; the CXL model calls in through the
 * declarations in cxl/cxl.h, as the kernel's cxl_mem calls core/edac.c
 * through cxlmem.h.
 */
#include <errno.h>

#include "cxl/cxl.h"

/* Two xarray heads and their locks, roughly. */
#define CXL_ERR_REC_ARRAY_SIZE 64

/* What feature discovery (cxl_memdev_sparing_init, cxl_memdev_soft_ppr_init) would find. */
static bool cxl_memdev_has_repair_features(struct cxl_memdev *cxlmd)
{
	const struct cxl_topo_node *n = to_pci_dev(cxlmd->cxlds->dev)->topo;

	return n && n->repair_features;
}

static void err_rec_free(void *data)
{
	struct cxl_memdev *cxlmd = data;
	void *array_rec = cxlmd->err_rec_array;

	cxlmd->err_rec_array = NULL;
	sim_kfree(sim_current(), array_rec);
}

static int devm_cxl_memdev_setup_err_rec(struct cxl_memdev *cxlmd)
{
	void *array_rec = sim_kzalloc(sim_current(), CXL_ERR_REC_ARRAY_SIZE, "cxl_mem_err_rec");

	if (!array_rec)
		return -ENOMEM;
	cxlmd->err_rec_array = array_rec;
	return devm_add_action_or_reset(&cxlmd->dev, err_rec_free, cxlmd);
}

/*
 * Scrub and ECS register no allocation whose lifetime the series touches, so
 * they are left out.  The kernel returns -EINVAL when a device has no EDAC
 * feature at all, which cxl_mem_probe() only logs at debug level; the model
 * does not count scrub and ECS, so a device without repair features simply
 * registers nothing.
 */
int devm_cxl_memdev_edac_register(struct cxl_memdev *cxlmd)
{
	if (!cxl_memdev_has_repair_features(cxlmd))
		return 0;
	/* Patch 1: the teardown is registered together with the allocation. */
	if (cxl_variant(CXL_EDAC_RELEASE_FIX))
		return devm_cxl_memdev_setup_err_rec(cxlmd);
	cxlmd->err_rec_array = devm_kzalloc(&cxlmd->dev, CXL_ERR_REC_ARRAY_SIZE);
	return cxlmd->err_rec_array ? 0 : -ENOMEM;
}

/*
 * Before patch 1, from cxl_memdev_release(): walk the records to free them.
 * Nothing ever cleared the pointer when memN's devres freed the array.
 */
void devm_cxl_memdev_edac_release(struct cxl_memdev *cxlmd)
{
	if (!cxlmd->err_rec_array)
		return;
	devres_obj_check(cxlmd->err_rec_array, "the EDAC record array of a released memdev");
}
