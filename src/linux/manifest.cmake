# SPDX-License-Identifier: LGPL-2.1-or-later
# Which files of a kernel tree form which module of --model linux, as the
# tree's drivers/cxl/Makefile and core/Makefile say for this configuration
# (include/linux-compat/config.h: CXL_BUS, CXL_PORT, CXL_ACPI, CXL_MEM =m;
# CXL_REGION, CXL_PMEM, PCIEAER_CXL, TRACING off, and no cxl_pci: the mock
# platform stands for PCI).  Paths are relative to the tree.
set(LINUX_MODULES cxl_core cxl_port cxl_acpi cxl_mem)
# cxl_core follows the tree's drivers/cxl/core/Makefile: every `cxl_core-y`
# object, and a `cxl_core-$(CONFIG_X)` one only when config.h defines CONFIG_X
# or CONFIG_X_MODULE.  So a 7.0-era tree (features.o, edac.o, ras.o under
# CXL_RAS, atl.o, ...) gets its own list with the same configuration.  A tree
# without that Makefile gets the 6.12 list.
set(LINUX_MODULE_cxl_core_612
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
function(linux_core_from_makefile tree config_h out)
  set(_mk ${tree}/drivers/cxl/core/Makefile)
  if(NOT EXISTS ${_mk})
    set(${out} "" PARENT_SCOPE)
    return()
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_mk} ${config_h})
  file(READ ${config_h} _cfg)
  set(_cfg "\n${_cfg}\n")
  file(STRINGS ${_mk} _lines REGEX "^cxl_core-")
  set(_files "")
  foreach(_l IN LISTS _lines)
    if(NOT _l MATCHES "^cxl_core-(y|[$][(]CONFIG_([A-Za-z0-9_]+)[)])[ \t]*[:+]?=(.*)$")
      continue()
    endif()
    set(_objs "${CMAKE_MATCH_3}")
    if(NOT CMAKE_MATCH_1 STREQUAL "y")
      set(_opt ${CMAKE_MATCH_2})
      if(NOT _cfg MATCHES "\n#define[ \t]+CONFIG_${_opt}(_MODULE)?[ \t]+1[ \t\n/]")
        continue()
      endif()
    endif()
    string(REGEX MATCHALL "[A-Za-z0-9_]+[.]o" _objs "${_objs}")
    foreach(_o IN LISTS _objs)
      string(REGEX REPLACE "[.]o$" ".c" _c ${_o})
      list(APPEND _files drivers/cxl/core/${_c})
    endforeach()
  endforeach()
  set(${out} ${_files} PARENT_SCOPE)
endfunction()
linux_core_from_makefile(${LINUX_TREE} ${PROJECT_SOURCE_DIR}/include/linux-compat/config.h
                         LINUX_MODULE_cxl_core)
if(NOT LINUX_MODULE_cxl_core)
  set(LINUX_MODULE_cxl_core ${LINUX_MODULE_cxl_core_612})
endif()
set(LINUX_MODULE_cxl_port drivers/cxl/port.c)
set(LINUX_MODULE_cxl_acpi drivers/cxl/acpi.c)
set(LINUX_MODULE_cxl_mem drivers/cxl/mem.c)
# Compiled but left out of the modules, to show what else builds (docs/linux-model.md):
# drivers/cxl/pmem.c drivers/cxl/security.c (cxl_pmem: needs LIBNVDIMM),
# drivers/cxl/core/region.c (CXL_REGION), drivers/cxl/pci.c (cxl_pci: needs IRQs).
