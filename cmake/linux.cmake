# SPDX-License-Identifier: LGPL-2.1-or-later
# --model linux: the kernel's own drivers/cxl, compiled from a kernel tree
# against include/linux-compat, linked as modules into libcxlsim.
#   -DCXLSIM_LINUX_SRC=/path/to/linux   a tree (make LINUX_SRC=...)
#   otherwise /usr/src/linux-source-6.12.tar.xz (Debian's linux-source-6.12)
#   otherwise --model linux is left out and the configure output says why.
# How it is built (docs/linux-model.md):
#   1. each module's files (src/linux/manifest.cmake) compile as kernel code;
#   2. each module's objects are linked with ld -r (the mock platform's --wrap
#      seams, the writable data gathered into linux_kdata: scripts/linux-image.ld);
#      the built-in kernel-style code (compat runtime, platform) likewise;
#   3. scripts/linux-gen.sh reads the objects (nm, objdump) and writes the
#      module table (THIS_MODULE storage, exported-symbol dependencies) and the
#      stubs of every function nothing provides;
#   4. all of it joins libcxlsim (shared and static).
set(CXLSIM_LINUX_SRC "" CACHE PATH "Kernel tree to build --model linux from")
set(CXLSIM_LINUX_TARBALL /usr/src/linux-source-6.12.tar.xz CACHE FILEPATH
    "Debian linux-source tarball used when CXLSIM_LINUX_SRC is empty")

# The image's state across runs (reset, one simulation at a time) is always in
# libcxlsim: with no image it has nothing to restore.
target_sources(cxlsim_objects PRIVATE ${PROJECT_SOURCE_DIR}/src/linux/kstate.c)

set(LINUX_STAGE ${PROJECT_BINARY_DIR}/linux-src)
set(CXLSIM_LINUX_MODEL_BUILT OFF)
if(CXLSIM_LINUX_SRC)
  execute_process(COMMAND ${PROJECT_SOURCE_DIR}/scripts/linux-src.sh --tree
                          ${CXLSIM_LINUX_SRC} ${LINUX_STAGE}
                  RESULT_VARIABLE _rc ERROR_VARIABLE _err)
  set(_why "CXLSIM_LINUX_SRC=${CXLSIM_LINUX_SRC}: ${_err}")
elseif(EXISTS ${CXLSIM_LINUX_TARBALL})
  message(STATUS "--model linux: staging drivers/cxl from ${CXLSIM_LINUX_TARBALL}")
  execute_process(COMMAND ${PROJECT_SOURCE_DIR}/scripts/linux-src.sh
                          ${CXLSIM_LINUX_TARBALL} ${LINUX_STAGE}
                  RESULT_VARIABLE _rc ERROR_VARIABLE _err)
  set(_why "${CXLSIM_LINUX_TARBALL}: ${_err}")
else()
  set(_rc 1)
  set(_why "no kernel tree: install linux-source-6.12 (scripts/deps.sh) or pass LINUX_SRC=/path/to/linux")
endif()
if(NOT _rc EQUAL 0)
  string(STRIP "${_why}" _why)
  message(NOTICE "-- --model linux is left out: ${_why}")
  target_compile_definitions(cxlsim_objects PRIVATE
    "CXLSIM_LINUX_MODEL_ABSENT=\"${_why}\"")
  return()
endif()
file(READ ${LINUX_STAGE}/tree-path LINUX_TREE)
string(STRIP "${LINUX_TREE}" LINUX_TREE)
message(STATUS "--model linux: kernel tree ${LINUX_TREE}")

include(${PROJECT_SOURCE_DIR}/src/linux/manifest.cmake)
include(${PROJECT_SOURCE_DIR}/cmake/linux-k2.cmake)

find_program(LINUX_LD NAMES ld.bfd ld REQUIRED)
find_program(LINUX_NM NAMES nm REQUIRED)
find_program(LINUX_OBJDUMP NAMES objdump REQUIRED)
find_program(LINUX_OBJCOPY NAMES objcopy REQUIRED)
execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libc.so.6
                OUTPUT_VARIABLE LINUX_LIBC OUTPUT_STRIP_TRAILING_WHITESPACE)

# How every kernel-style file is compiled.  initial-exec TLS: the general-dynamic
# sequences do not survive the image's ld -r for the final link's relaxation.
# Kernel code is not warning-clean
# under our flags: the tree's files build with warnings off; ours keep them.
set(LINUX_KERNEL_OPTIONS -std=gnu11 -fno-zero-initialized-in-bss -fno-common
    -fno-strict-aliasing -fwrapv -ftls-model=initial-exec -include ${PROJECT_SOURCE_DIR}/include/linux-compat/config.h)
set(LINUX_KERNEL_DEFS __KERNEL__ _GNU_SOURCE ${LINUX_K2_KERNEL_DEFINES})
set(LINUX_KERNEL_INCLUDES ${PROJECT_SOURCE_DIR}/include/linux-compat ${PROJECT_SOURCE_DIR}/src
    ${LINUX_TREE}/drivers/cxl ${LINUX_STAGE}/include ${LINUX_K2_KERNEL_INCLUDES})
set(LINUX_OUR_WARNINGS -Wno-sign-compare -Wno-missing-field-initializers -Wno-pointer-sign)

function(linux_kernel_objects target modname)
  add_library(${target} OBJECT ${ARGN})
  set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON
                        C_VISIBILITY_PRESET hidden)
  target_compile_options(${target} PRIVATE ${LINUX_KERNEL_OPTIONS})
  target_compile_definitions(${target} PRIVATE ${LINUX_KERNEL_DEFS})
  if(modname)
    target_compile_definitions(${target} PRIVATE KBUILD_MODNAME="${modname}"
                               LINUX_MODID=${modname})
  endif()
  target_include_directories(${target} BEFORE PRIVATE ${LINUX_KERNEL_INCLUDES})
endfunction()

# ld -r of a module's objects: the wraps, the data gathered for the reset.
# The commands run in the linux_image target; a file changes only when its
# content does (so that libcxlsim is not relinked on every build).
set(LINUX_WRAPS)
foreach(s ${LINUX_K2_WRAP_SYMBOLS})
  list(APPEND LINUX_WRAPS --wrap=${s})
endforeach()

# linux_add_image(PREFIX KEEP_REGEX MODULES m... BUILTIN target)
# One kernel image: the modules' objects (targets linux_mod_<m>) and the
# built-in objects (an OBJECT target) linked per module (ld -r: the wraps,
# the data gathered for the reset), the generated module table and stubs
# (scripts/linux-gen.sh, C name PREFIX), all linked into ${LINUX_GEN}/PREFIX.o
# whose only global definitions match KEEP_REGEX: every other kernel symbol
# binds inside the image, so that the kernel's cxl_bus_rescan() and our
# model's never meet, and two images (the CXL one, the tests' one) coexist.
function(linux_add_image prefix keep)
  cmake_parse_arguments(I "" "BUILTIN" "MODULES" ${ARGN})
  set(dir ${LINUX_GEN}/${prefix})
  set(cmds)
  set(objs)
  set(specs)
  foreach(m ${I_MODULES} builtin)
    if(m STREQUAL builtin)
      set(t ${I_BUILTIN})
    else()
      set(t linux_mod_${m})
    endif()
    list(APPEND cmds
      COMMAND ${LINUX_LD} -r -T ${PROJECT_SOURCE_DIR}/scripts/linux-image.ld ${LINUX_WRAPS}
              -o ${dir}/${m}.o.tmp $<TARGET_OBJECTS:${t}>
      COMMAND ${CMAKE_COMMAND} -E copy_if_different ${dir}/${m}.o.tmp ${dir}/${m}.o)
    list(APPEND objs ${dir}/${m}.o)
    file(GENERATE OUTPUT ${dir}/${m}.objs CONTENT "$<TARGET_OBJECTS:${t}>")
    if(NOT m STREQUAL builtin)
      list(APPEND specs ${m}=${dir}/${m}.objs)
    endif()
  endforeach()
  add_custom_target(${prefix}_link
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    ${cmds}
    COMMAND ${CMAKE_COMMAND} -E env NM=${LINUX_NM} OBJDUMP=${LINUX_OBJDUMP}
            ${PROJECT_SOURCE_DIR}/scripts/linux-gen.sh ${prefix} ${dir} ${LINUX_LIBC}
            ${LINUX_GEN}/providers.objs ${dir}/builtin.objs ${specs}
    BYPRODUCTS ${objs} ${dir}/${prefix}_stubs.c ${dir}/${prefix}_mods.c
               ${dir}/${prefix}_stubs.txt
    COMMENT "Linking ${prefix}'s modules, generating its module table and stubs"
    COMMAND_EXPAND_LISTS VERBATIM)
  add_dependencies(${prefix}_link ${I_BUILTIN} cxlsim_objects)
  foreach(m ${I_MODULES})
    add_dependencies(${prefix}_link linux_mod_${m})
  endforeach()
  add_library(${prefix}_gen OBJECT ${dir}/${prefix}_stubs.c ${dir}/${prefix}_mods.c)
  set_target_properties(${prefix}_gen PROPERTIES POSITION_INDEPENDENT_CODE ON
                        C_VISIBILITY_PRESET hidden)
  target_include_directories(${prefix}_gen PRIVATE ${PROJECT_SOURCE_DIR}/src)
  add_dependencies(${prefix}_gen ${prefix}_link)
  set(image ${LINUX_GEN}/${prefix}.o)
  add_custom_target(${prefix}
    COMMAND ${LINUX_LD} -r -o ${image}.tmp ${objs} $<TARGET_OBJECTS:${prefix}_gen>
    COMMAND ${CMAKE_COMMAND} -E env NM=${LINUX_NM}
            ${PROJECT_SOURCE_DIR}/scripts/linux-keep.sh ${image}.tmp ${keep} ${dir}/keep.txt
    COMMAND ${LINUX_OBJCOPY} --keep-global-symbols=${dir}/keep.txt ${image}.tmp
    COMMAND ${CMAKE_COMMAND} -E copy_if_different ${image}.tmp ${image}
    BYPRODUCTS ${image}
    COMMENT "Linking the kernel image ${prefix}"
    COMMAND_EXPAND_LISTS VERBATIM)
  add_dependencies(${prefix} ${prefix}_link ${prefix}_gen)
  set_source_files_properties(${image} PROPERTIES EXTERNAL_OBJECT TRUE GENERATED TRUE)
endfunction()

set(LINUX_GEN ${PROJECT_BINARY_DIR}/linux-gen)
file(MAKE_DIRECTORY ${LINUX_GEN})

# The tree's modules, then the platform's.
set(_all_modules)
foreach(m ${LINUX_MODULES})
  set(_srcs)
  foreach(f ${LINUX_MODULE_${m}})
    list(APPEND _srcs ${LINUX_TREE}/${f})
  endforeach()
  linux_kernel_objects(linux_mod_${m} ${m} ${_srcs})
  target_compile_options(linux_mod_${m} PRIVATE -w)
  list(APPEND _all_modules ${m})
endforeach()
foreach(m ${LINUX_K2_MODULES})
  linux_kernel_objects(linux_mod_${m} ${m} ${LINUX_K2_MODULE_${m}_SOURCES})
  target_compile_options(linux_mod_${m} PRIVATE ${LINUX_OUR_WARNINGS})
  list(APPEND _all_modules ${m})
endforeach()

# Built-in kernel-style code: the compat runtime (each image has its own
# copy, localized in it) and the platform.
set(LINUX_RUNTIME_SOURCES
  ${PROJECT_SOURCE_DIR}/src/linux/device.c
  ${PROJECT_SOURCE_DIR}/src/linux/locks.c
  ${PROJECT_SOURCE_DIR}/src/linux/misc.c
  ${PROJECT_SOURCE_DIR}/src/linux/module.c
  ${PROJECT_SOURCE_DIR}/src/linux/printk.c
  ${PROJECT_SOURCE_DIR}/src/linux/resource.c
  ${PROJECT_SOURCE_DIR}/src/linux/slab.c
  ${PROJECT_SOURCE_DIR}/src/linux/workqueue.c
  ${PROJECT_SOURCE_DIR}/src/linux/xarray.c)
linux_kernel_objects(linux_builtin "" ${LINUX_RUNTIME_SOURCES} ${LINUX_K2_KERNEL_SOURCES}
                     ${PROJECT_SOURCE_DIR}/src/linux/image.c)
target_compile_options(linux_builtin PRIVATE ${LINUX_OUR_WARNINGS})
# What kernel code may call in libcxlsim: the runtime, the driver core, the
# topologies and the linux model's own side -- never our CXL model, whose
# functions carry the kernel's names (a kernel call that only our model
# defines must become a stub inside the image, not a call into the model).
file(GENERATE OUTPUT ${LINUX_GEN}/providers.objs
     CONTENT "$<FILTER:$<TARGET_OBJECTS:cxlsim_objects>,EXCLUDE,/src/(edac|demo|cxl/(core_|drivers|model|shell|variant|cxl_list))>")

# libcxlsim's side of the model.
target_sources(cxlsim_objects PRIVATE ${LINUX_K2_SIM_SOURCES})
target_compile_definitions(cxlsim_objects PRIVATE ${LINUX_K2_MODEL_DEFINE})

linux_add_image(linux_image "^(linux_kernel_modules|linux_platform_init|linux_uevent_modalias|cxl_mock_.*)$"
                MODULES ${_all_modules} BUILTIN linux_builtin)
foreach(lib cxlsim cxlsim_static)
  target_sources(${lib} PRIVATE ${LINUX_GEN}/linux_image.o)
  add_dependencies(${lib} linux_image)
endforeach()

# The tests' image (tests/linux): kernel-style test drivers of our own, as
# modules, with their own copy of the compat runtime.
if(CXLSIM_BUILD_TESTS)
  set(_kt ${PROJECT_SOURCE_DIR}/tests/linux/drivers)
  foreach(m kt_core kt_drv kt_unimpl)
    linux_kernel_objects(linux_mod_${m} ${m} ${_kt}/${m}.c)
    target_compile_options(linux_mod_${m} PRIVATE ${LINUX_OUR_WARNINGS})
  endforeach()
  linux_kernel_objects(linux_test_builtin "" ${LINUX_RUNTIME_SOURCES} ${_kt}/kt_entry.c)
  target_compile_options(linux_test_builtin PRIVATE ${LINUX_OUR_WARNINGS})
  linux_add_image(linux_test_image "^kt_test_.*$"
                  MODULES kt_core kt_drv kt_unimpl BUILTIN linux_test_builtin)
endif()
set(CXLSIM_LINUX_MODEL_BUILT ON)
