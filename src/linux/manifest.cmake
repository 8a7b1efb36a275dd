# SPDX-License-Identifier: LGPL-2.1-or-later
# Which files of a kernel tree form which module of --model linux, as the
# tree's drivers/cxl/Makefile and core/Makefile say for this configuration
# (include/linux-compat/config.h: CXL_BUS, CXL_PORT, CXL_ACPI, CXL_MEM =m;
# CXL_REGION, CXL_PMEM, PCIEAER_CXL, TRACING off, and no cxl_pci: the mock
# platform stands for PCI).  Paths are relative to the tree.
set(LINUX_MODULES cxl_core cxl_port cxl_acpi cxl_mem)
set(LINUX_MODULE_cxl_core
  drivers/cxl/core/port.c
  drivers/cxl/core/pmem.c
  drivers/cxl/core/regs.c
  drivers/cxl/core/memdev.c
  drivers/cxl/core/mbox.c
  drivers/cxl/core/pci.c
  drivers/cxl/core/hdm.c
  drivers/cxl/core/pmu.c
  drivers/cxl/core/cdat.c
  drivers/cxl/core/ras.c)
set(LINUX_MODULE_cxl_port drivers/cxl/port.c)
set(LINUX_MODULE_cxl_acpi drivers/cxl/acpi.c)
set(LINUX_MODULE_cxl_mem drivers/cxl/mem.c)
# Compiled but left out of the modules, to show what else builds (docs/linux-model.md):
# drivers/cxl/pmem.c drivers/cxl/security.c (cxl_pmem: needs LIBNVDIMM),
# drivers/cxl/core/region.c (CXL_REGION), drivers/cxl/pci.c (cxl_pci: needs IRQs).
