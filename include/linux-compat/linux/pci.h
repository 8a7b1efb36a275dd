/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * PCI as the CXL core sees it.  The mock platform, like cxl_test, builds its
 * hierarchy from platform devices, so dev_is_pci() is false for every device
 * of a run and config space is never read: the accessors are declared for
 * the code to compile and are left to the unimplemented-symbol stubs, which
 * stop a run that reaches one.
 */
#ifndef _LINUX_COMPAT_PCI_H
#define _LINUX_COMPAT_PCI_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/device.h>
#include <linux/ioport.h>
#include <linux/mod_devicetable.h>
#include <linux/pci_regs.h>
#include <linux/pci_ids.h>
#include <linux/io.h>

#define DEVICE_COUNT_RESOURCE 17
#define PCI_STD_NUM_BARS 6
#define PCI_DEVFN(slot, func) ((((slot) & 0x1f) << 3) | ((func) & 0x07))
#define PCI_SLOT(devfn) (((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn) ((devfn) & 0x07)

struct pci_dev;

struct pci_bus {
	struct list_head node;
	struct pci_bus *parent;
	struct list_head children;
	struct list_head devices;
	struct pci_dev *self;
	struct device *bridge;
	unsigned char number;
	int domain_nr;
};

struct pci_dev {
	struct list_head bus_list;
	struct pci_bus *bus;
	struct pci_bus *subordinate;
	unsigned int devfn;
	unsigned short vendor;
	unsigned short device;
	unsigned int class;
	u8 pcie_cap;
	u16 pcie_flags_reg;
	struct device dev;
	struct resource resource[DEVICE_COUNT_RESOURCE];
	unsigned int is_virtfn:1;
};

struct pci_host_bridge {
	struct device dev;
	struct pci_bus *bus;
	bool native_aer;
	bool native_cxl_error;
};

typedef unsigned int pci_channel_state_t;
enum pci_channel_state {
	pci_channel_io_normal = 1,
	pci_channel_io_frozen = 2,
	pci_channel_io_perm_failure = 3,
};

typedef unsigned int pci_ers_result_t;
enum pci_ers_result {
	PCI_ERS_RESULT_NONE = 1,
	PCI_ERS_RESULT_CAN_RECOVER = 2,
	PCI_ERS_RESULT_NEED_RESET = 3,
	PCI_ERS_RESULT_DISCONNECT = 4,
	PCI_ERS_RESULT_RECOVERED = 5,
	PCI_ERS_RESULT_NO_AER_DRIVER = 6,
};

struct pci_error_handlers {
	pci_ers_result_t (*error_detected)(struct pci_dev *dev, pci_channel_state_t error);
	pci_ers_result_t (*mmio_enabled)(struct pci_dev *dev);
	pci_ers_result_t (*slot_reset)(struct pci_dev *dev);
	void (*reset_prepare)(struct pci_dev *dev);
	void (*reset_done)(struct pci_dev *dev);
	void (*resume)(struct pci_dev *dev);
	void (*cor_error_detected)(struct pci_dev *dev);
};

struct pci_driver {
	const char *name;
	const struct pci_device_id *id_table;
	int (*probe)(struct pci_dev *dev, const struct pci_device_id *id);
	void (*remove)(struct pci_dev *dev);
	const struct pci_error_handlers *err_handler;
	struct device_driver driver;
};

/* The PCI bus type: defined so that dev_is_pci() can compare; no device is ever on it. */
extern struct bus_type pci_bus_type;

#define to_pci_dev(n) container_of(n, struct pci_dev, dev)
#define to_pci_host_bridge(n) container_of(n, struct pci_host_bridge, dev)
#define to_pci_driver(drv) container_of(drv, struct pci_driver, driver)
#define dev_is_pci(d) ((d)->bus == &pci_bus_type)

#define PCI_DEVICE(vend, dev)                                                               \
	.vendor = (vend), .device = (dev), .subvendor = PCI_ANY_ID, .subdevice = PCI_ANY_ID
#define PCI_DEVICE_CLASS(dev_class, dev_class_mask)                                         \
	.class = (dev_class), .class_mask = (dev_class_mask), .vendor = PCI_ANY_ID,         \
	.device = PCI_ANY_ID, .subvendor = PCI_ANY_ID, .subdevice = PCI_ANY_ID

static inline void *pci_get_drvdata(struct pci_dev *pdev)
{
	return dev_get_drvdata(&pdev->dev);
}

static inline void pci_set_drvdata(struct pci_dev *pdev, void *data)
{
	dev_set_drvdata(&pdev->dev, data);
}

static inline bool pci_is_pcie(struct pci_dev *dev)
{
	return !!dev->pcie_cap;
}

static inline u16 pci_pcie_cap(struct pci_dev *dev)
{
	return dev->pcie_cap;
}

static inline int pci_pcie_type(const struct pci_dev *dev)
{
	return (dev->pcie_flags_reg & PCI_EXP_FLAGS_TYPE) >> 4;
}

static inline bool pci_is_root_bus(struct pci_bus *pbus)
{
	return !(pbus->parent);
}

static inline int pci_domain_nr(struct pci_bus *bus)
{
	return bus->domain_nr;
}

static inline const char *pci_name(const struct pci_dev *pdev)
{
	return dev_name(&pdev->dev);
}

#define pci_resource_start(dev, bar) ((dev)->resource[(bar)].start)
#define pci_resource_end(dev, bar) ((dev)->resource[(bar)].end)
#define pci_resource_len(dev, bar)                                                          \
	((dev)->resource[(bar)].end == 0 ? 0 :                                              \
	 (dev)->resource[(bar)].end - (dev)->resource[(bar)].start + 1)

/* Config space and link state: no PCI device exists here (see above). */
int pci_read_config_byte(const struct pci_dev *dev, int where, u8 *val);
int pci_read_config_word(const struct pci_dev *dev, int where, u16 *val);
int pci_read_config_dword(const struct pci_dev *dev, int where, u32 *val);
int pci_write_config_byte(const struct pci_dev *dev, int where, u8 val);
int pci_write_config_word(const struct pci_dev *dev, int where, u16 val);
int pci_write_config_dword(const struct pci_dev *dev, int where, u32 val);
int pcie_capability_read_word(struct pci_dev *dev, int pos, u16 *val);
int pcie_capability_read_dword(struct pci_dev *dev, int pos, u32 *val);
u16 pci_find_dvsec_capability(struct pci_dev *dev, u16 vendor, u16 dvsec);
u16 pci_find_ext_capability(struct pci_dev *dev, int cap);
void pci_walk_bus(struct pci_bus *top, int (*cb)(struct pci_dev *, void *), void *userdata);
u32 pcie_bandwidth_available(struct pci_dev *dev, struct pci_dev **limiting_dev, int *speed,
			     int *width);
int pcie_link_speed_mbps(struct pci_dev *pdev);
int pcie_link_bandwidth_mbps(struct pci_dev *pdev);
struct pci_host_bridge *pci_find_host_bridge(struct pci_bus *bus);
struct pci_dev *pci_dev_get(struct pci_dev *dev);
void pci_dev_put(struct pci_dev *dev);

int __pci_register_driver(struct pci_driver *drv, struct module *owner, const char *mod_name);
#define pci_register_driver(drv) __pci_register_driver(drv, THIS_MODULE, KBUILD_MODNAME)
void pci_unregister_driver(struct pci_driver *drv);
#define module_pci_driver(__pci_driver)                                                     \
	module_driver(__pci_driver, pci_register_driver, pci_unregister_driver)

#endif /* _LINUX_COMPAT_PCI_H */
