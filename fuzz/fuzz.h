/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The entry point every fuzz target defines, as libFuzzer names it.  The
 * same target links against libFuzzer (clang), the AFL++ driver (afl.c) or
 * the plain driver (standalone.c), so one body serves every engine.
 */
#ifndef CXLSIM_FUZZ_H
#define CXLSIM_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* CXLSIM_FUZZ_H */
