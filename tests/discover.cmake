# SPDX-License-Identifier: LGPL-2.1-or-later
# cmake -D TEST_EXE=... -D OUT=... -P discover.cmake
# Runs TEST_EXE --list and writes the case names to OUT as the CMake list
# CXLSIM_CASES, which the layer's generated include file turns into tests.
execute_process(COMMAND ${TEST_EXE} --list
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  # Remove the binary so that the next build links it, and lists, again.
  file(REMOVE ${TEST_EXE} ${OUT})
  message(FATAL_ERROR "${TEST_EXE} --list failed (${rc}):\n${err}")
endif()
string(REPLACE "\n" ";" lines "${out}")
set(content "set(CXLSIM_CASES\n")
foreach(name IN LISTS lines)
  if(name STREQUAL "")
    continue()
  endif()
  if(NOT name MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    file(REMOVE ${TEST_EXE} ${OUT})
    message(FATAL_ERROR "${TEST_EXE} --list printed '${name}', not a C identifier")
  endif()
  string(APPEND content "  ${name}\n")
endforeach()
string(APPEND content ")\n")
# Leave the file alone when nothing changed, so ctest sees a stable mtime.
if(EXISTS ${OUT})
  file(READ ${OUT} old)
  if(old STREQUAL content)
    return()
  endif()
endif()
file(WRITE ${OUT} "${content}")
