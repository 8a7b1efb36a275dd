// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The mock memory-device driver (module cxl_mock_mem), like cxl_test's: a
 * platform driver for the platform's cxl_mem.N and cxl_rcd.N devices whose
 * probe builds a cxl_memdev_state over a mailbox of its own, runs cxl_core's
 * enumeration (cxl_enumerate_cmds, cxl_set_timestamp,
 * cxl_dev_state_identify, cxl_mem_create_range_info) against it and adds the
 * memdev with the real devm_cxl_add_memdev().  It prefers asynchronous
 * probing, as cxl_pci and cxl_test's driver do.
 *
 * The mailbox answers the commands its Command Effects Log lists, and only
 * those: Get Supported Logs, Get Log (the CEL), Set Timestamp and Identify
 * Memory Device.  Any other opcode gets "unsupported", as a device without
 * it would say.  Capacities come from the topology node.
 */
#include <linux/platform_device.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <linux/unaligned.h>
#include <cxl.h>
#include <cxlmem.h>

#include "cxl/topology.h"
#include "linux/mock/platform.h"

struct mock_mem {
	struct cxl_memdev_state *mds;
	const struct cxl_topo_node *node;
};

/* The Command Effects Log: the commands this mailbox implements, no side effects. */
static const u16 mock_cel_opcodes[] = {
	CXL_MBOX_OP_GET_SUPPORTED_LOGS,
	CXL_MBOX_OP_GET_LOG,
	CXL_MBOX_OP_SET_TIMESTAMP,
	CXL_MBOX_OP_IDENTIFY,
};
#define MOCK_CEL_SIZE (ARRAY_SIZE(mock_cel_opcodes) * sizeof(struct cxl_cel_entry))

static int mock_gsl(struct cxl_mbox_cmd *cmd)
{
	struct cxl_mbox_get_supported_logs *gsl = cmd->payload_out;
	size_t len = struct_size(gsl, entry, 1);

	if (cmd->size_out < len)
		return -EINVAL;
	memset(gsl, 0, len);
	gsl->entries = cpu_to_le16(1);
	gsl->entry[0].uuid = (uuid_t)DEFINE_CXL_CEL_UUID;
	gsl->entry[0].size = cpu_to_le32(MOCK_CEL_SIZE);
	cmd->size_out = len;
	return 0;
}

static int mock_get_log(struct cxl_mbox_cmd *cmd)
{
	const struct cxl_mbox_get_log *log = cmd->payload_in;
	const uuid_t cel = DEFINE_CXL_CEL_UUID;
	u32 offset = le32_to_cpu(log->offset), length = le32_to_cpu(log->length);
	struct cxl_cel_entry cel_log[ARRAY_SIZE(mock_cel_opcodes)];
	size_t i;

	if (cmd->size_in < sizeof(*log) || !uuid_equal(&log->uuid, &cel))
		return -EINVAL;
	if (offset > MOCK_CEL_SIZE || length > MOCK_CEL_SIZE - offset || length > cmd->size_out)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(mock_cel_opcodes); i++)
		cel_log[i] = (struct cxl_cel_entry){ .opcode = cpu_to_le16(mock_cel_opcodes[i]) };
	memcpy(cmd->payload_out, (const u8 *)cel_log + offset, length);
	cmd->size_out = length;
	return 0;
}

static int mock_identify(struct mock_mem *mm, struct cxl_mbox_cmd *cmd)
{
	struct cxl_mbox_identify id = { 0 };
	u64 ram = mm->node->ram_size / CXL_CAPACITY_MULTIPLIER;
	u64 pmem = mm->node->pmem_size / CXL_CAPACITY_MULTIPLIER;

	/*
	 * A topology that gives no sizes (the built-in ones) still describes
	 * memory expanders: one capacity unit of volatile memory each.
	 */
	if (!ram && !pmem)
		ram = 1;

	if (cmd->size_out < sizeof(id))
		return -EINVAL;
	strscpy(id.fw_revision, "cxlsim mock", sizeof(id.fw_revision));
	id.total_capacity = cpu_to_le64(ram + pmem);
	id.volatile_capacity = cpu_to_le64(ram);
	id.persistent_capacity = cpu_to_le64(pmem);
	/* No partition alignment: the split is fixed, no Get Partition Info. */
	id.partition_align = cpu_to_le64(0);
	memcpy(cmd->payload_out, &id, sizeof(id));
	cmd->size_out = sizeof(id);
	return 0;
}

static int mock_mbox_send(struct cxl_mailbox *cxl_mbox, struct cxl_mbox_cmd *cmd)
{
	struct mock_mem *mm = dev_get_drvdata(cxl_mbox->host);
	int rc;

	cmd->return_code = CXL_MBOX_CMD_RC_SUCCESS;
	switch (cmd->opcode) {
	case CXL_MBOX_OP_GET_SUPPORTED_LOGS:
		rc = mock_gsl(cmd);
		break;
	case CXL_MBOX_OP_GET_LOG:
		rc = mock_get_log(cmd);
		break;
	case CXL_MBOX_OP_SET_TIMESTAMP:
		cmd->size_out = 0;
		rc = 0;
		break;
	case CXL_MBOX_OP_IDENTIFY:
		rc = mock_identify(mm, cmd);
		break;
	default:
		cmd->return_code = CXL_MBOX_CMD_RC_UNSUPPORTED;
		cmd->size_out = 0;
		rc = 0;
		break;
	}
	if (rc) {
		cmd->return_code = CXL_MBOX_CMD_RC_INPUT;
		cmd->size_out = 0;
	}
	return 0;
}

static int cxl_mock_mem_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct cxl_memdev_state *mds;
	struct cxl_dev_state *cxlds;
	struct cxl_memdev *cxlmd;
	struct mock_mem *mm;
	int rc;

	mm = devm_kzalloc(dev, sizeof(*mm), GFP_KERNEL);
	if (!mm)
		return -ENOMEM;
	mm->node = dev->platform_data;
	if (!mm->node)
		return -ENODEV;
	dev_set_drvdata(dev, mm);

	mds = cxl_memdev_state_create(dev);
	if (IS_ERR(mds))
		return PTR_ERR(mds);
	mm->mds = mds;
	cxlds = &mds->cxlds;
	rc = cxl_mailbox_init(&cxlds->cxl_mbox, dev);
	if (rc)
		return rc;
	cxlds->cxl_mbox.mbox_send = mock_mbox_send;
	cxlds->cxl_mbox.payload_size = SZ_4K;
	/* As cxl_test does, a device the topology gives no serial number has its index. */
	cxlds->serial = mm->node->serial ? mm->node->serial : (u64)pdev->id;
	cxlds->rcd = !strcmp(pdev->name, "cxl_rcd");

	rc = cxl_enumerate_cmds(mds);
	if (rc)
		return rc;
	rc = cxl_poison_state_init(mds);
	if (rc)
		return rc;
	rc = cxl_set_timestamp(mds);
	if (rc)
		return rc;
	cxlds->media_ready = !mm->node->media_not_ready;
	rc = cxl_dev_state_identify(mds);
	if (rc)
		return rc;
	rc = cxl_mem_create_range_info(mds);
	if (rc)
		return rc;

	cxlmd = devm_cxl_add_memdev(dev, cxlds);
	/* memdev-attached: has cxl_mem had its chance at memN by now? */
	if (IS_ERR(cxlmd)) {
		cxl_linux_memdev_added(NULL, 0, PTR_ERR(cxlmd));
		return PTR_ERR(cxlmd);
	}
	cxl_linux_memdev_added(dev_name(&cxlmd->dev), cxlmd->dev.probes, 0);
	return 0;
}

static const struct platform_device_id cxl_mock_mem_ids[] = {
	{ .name = "cxl_mem" },
	{ .name = "cxl_rcd" },
	{},
};
MODULE_DEVICE_TABLE(platform, cxl_mock_mem_ids);

static struct platform_driver cxl_mock_mem_driver = {
	.probe = cxl_mock_mem_probe,
	.id_table = cxl_mock_mem_ids,
	.driver = {
		.name = "cxl_mock_mem",
		.probe_type = PROBE_PREFER_ASYNCHRONOUS,
	},
};

module_platform_driver(cxl_mock_mem_driver);
MODULE_DESCRIPTION("libcxlsim mock CXL memory device");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(CXL);
