# SPDX-License-Identifier: LGPL-2.1-or-later
# build.linux_manifest: src/linux/manifest.cmake takes cxl_core's files from a
# tree's drivers/cxl/core/Makefile and include/linux-compat/config.h.  The
# Makefiles and config headers here are made up for the test, in Kbuild's syntax.
#   cmake -DSRC=<source dir> -DWORK=<scratch dir> -P linux_manifest.cmake
set(PROJECT_SOURCE_DIR ${SRC})
set(LINUX_TREE ${WORK}/none)
include(${SRC}/src/linux/manifest.cmake)

function(expect what got want)
  if(NOT "${got}" STREQUAL "${want}")
    message(FATAL_ERROR "${what}:\n  got  ${got}\n  want ${want}")
  endif()
endfunction()

expect("no Makefile: the 6.12 list" "${LINUX_MODULE_cxl_core}" "${LINUX_MODULE_cxl_core_612}")

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/t/drivers/cxl/core)
file(WRITE ${WORK}/t/drivers/cxl/core/Makefile
"obj-$(CONFIG_CXL_BUS) += cxl_core.o
ccflags-y += -I$(srctree)/drivers/cxl
cxl_core-y := a.o
cxl_core-y += b.o c.o
cxl_core-$(CONFIG_ON) += on.o
cxl_core-$(CONFIG_MOD) += mod.o
cxl_core-$(CONFIG_OFF) += off.o
cxl_core-$(CONFIG_ON_NOT) += prefix.o
cxl_core-$(CONFIG_COMMENTED) += commented.o
cxl_core-$(CONFIG_TWO) += two.o
")
file(WRITE ${WORK}/config.h
"/* made up */
#define CONFIG_ON 1
#define CONFIG_MOD_MODULE 1
#define CONFIG_TWO 12
// #define CONFIG_COMMENTED 1
#define CONFIG_ON_NOTHING 1
")
linux_core_from_makefile(${WORK}/t ${WORK}/config.h got)
expect("made-up Makefile" "${got}"
  "drivers/cxl/core/a.c;drivers/cxl/core/b.c;drivers/cxl/core/c.c;drivers/cxl/core/on.c;drivers/cxl/core/mod.c")

# The real configuration: the 6.12 layout (ras_rch.o under PCIEAER_CXL) gives
# the 6.12 list; a 7.0-era layout drops ras.o (under CXL_RAS) and adds nothing.
# The objects both layouts list unconditionally.
set(CORE_COMMON "cxl_core-y := port.o
cxl_core-y += pmem.o
cxl_core-y += regs.o
cxl_core-y += memdev.o
cxl_core-y += mbox.o
cxl_core-y += pci.o
cxl_core-y += hdm.o
cxl_core-y += pmu.o
cxl_core-y += cdat.o
")
file(WRITE ${WORK}/t/drivers/cxl/core/Makefile "${CORE_COMMON}
cxl_core-y += ras.o
cxl_core-$(CONFIG_PCIEAER_CXL) += ras_rch.o
cxl_core-$(CONFIG_TRACING) += trace.o
cxl_core-$(CONFIG_CXL_REGION) += region.o
")
linux_core_from_makefile(${WORK}/t ${SRC}/include/linux-compat/config.h got)
expect("6.12 layout" "${got}" "${LINUX_MODULE_cxl_core_612}")
file(WRITE ${WORK}/t/drivers/cxl/core/Makefile "${CORE_COMMON}
cxl_core-$(CONFIG_TRACING) += trace.o
cxl_core-$(CONFIG_CXL_REGION) += region.o
cxl_core-$(CONFIG_CXL_FEATURES) += features.o
cxl_core-$(CONFIG_CXL_RAS) += ras.o
")
linux_core_from_makefile(${WORK}/t ${SRC}/include/linux-compat/config.h got)
list(REMOVE_ITEM LINUX_MODULE_cxl_core_612 drivers/cxl/core/ras.c)
expect("7.0-era layout" "${got}" "${LINUX_MODULE_cxl_core_612}")
message(STATUS "linux manifest: ok")
