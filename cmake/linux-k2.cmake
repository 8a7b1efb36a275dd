# SPDX-License-Identifier: LGPL-2.1-or-later
# The CXL platform's part of --model linux, for cmake/linux.cmake to include:
# what it compiles and how the kernel objects must be linked against it.

# Kernel-style files: compiled like the tree's drivers/cxl files, against
# include/linux-compat and the tree's drivers/cxl headers.  Built in (no
# LINUX_MODID): the compat runtime and the mock platform with its seams.
set(LINUX_K2_KERNEL_SOURCES
  ${PROJECT_SOURCE_DIR}/src/linux/platform.c
  ${PROJECT_SOURCE_DIR}/src/linux/sysfs.c
  ${PROJECT_SOURCE_DIR}/src/linux/debugfs.c
  ${PROJECT_SOURCE_DIR}/src/linux/chrdev.c
  ${PROJECT_SOURCE_DIR}/src/linux/memregion.c
  ${PROJECT_SOURCE_DIR}/src/linux/uevent.c
  ${PROJECT_SOURCE_DIR}/src/linux/mock/cxl_platform.c)
# Modules of the platform, each NAME -> its sources (LINUX_MODID=NAME), loaded
# like the tree's: cxl_mock_mem, the memory-device driver udev autoloads for
# platform:cxl_mem and platform:cxl_rcd.
set(LINUX_K2_MODULES cxl_mock_mem)
set(LINUX_K2_MODULE_cxl_mock_mem_SOURCES
  ${PROJECT_SOURCE_DIR}/src/linux/mock/cxl_mock_mem.c)
# Their includes beyond the compat layer and the tree: src/ for the topology
# ("cxl/topology.h") and the platform's interface ("linux/mock/platform.h").
set(LINUX_K2_KERNEL_INCLUDES ${PROJECT_SOURCE_DIR}/src)

# libcxlsim-side files (src/sim, src/bus headers; never the compat layer).
set(LINUX_K2_SIM_SOURCES
  ${PROJECT_SOURCE_DIR}/src/linux/record.c
  ${PROJECT_SOURCE_DIR}/src/linux/model.c)

# Every kernel file is compiled with these: acpi.c's to_cxl_host_bridge() is
# __mock, which cxl_test makes weak so that its mock replaces it.
set(LINUX_K2_KERNEL_DEFINES __mock=__weak)

# cxl_core functions that cxl_test replaces (tools/testing/cxl/Kbuild): every
# reference to SYM from the CXL modules' objects must reach __wrap_SYM
# (ld --wrap=SYM); the mock platform defines each __wrap_SYM.  The five
# ACPI and LIBNVDIMM seams of that list have no real definition here, so the
# platform defines them under their own names and needs no wrap.
set(LINUX_K2_WRAP_SYMBOLS
  devm_cxl_port_enumerate_dports
  devm_cxl_setup_hdm
  devm_cxl_add_passthrough_decoder
  devm_cxl_enumerate_decoders
  cxl_await_media_ready
  cxl_hdm_decode_init
  cxl_dvsec_rr_decode
  devm_cxl_add_rch_dport
  cxl_rcd_component_reg_phys
  cxl_endpoint_parse_cdat)

# Defined for src/api/engine.c when the model is built: it lists
# cxlsim__linux_model among the models.
set(LINUX_K2_MODEL_DEFINE CXLSIM_LINUX_MODEL)
