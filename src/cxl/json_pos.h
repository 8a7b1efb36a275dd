/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Where a value sits in a JSON text, for "FILE:LINE: problem" errors: json-c
 * keeps no positions for parsed values, so the text is scanned again for the
 * one path an error is about, only when there is an error.
 *
 * A path names a value from the top: "" is the whole text, ".key" a member,
 * "[3]" an element, so [0].ports:root0[1].host is the host of the second
 * port of the first bus.  Keys are taken as they are, colons and all.
 */
#ifndef CXLSIM_CXL_JSON_POS_H
#define CXLSIM_CXL_JSON_POS_H

/* The 1-based line where the value at @path starts in @text; 1 if not found. */
int cxl_json_line_of(const char *text, const char *path);

#include <stddef.h>

struct json_object;

/*
 * Parse @len bytes of @text (NUL-terminated), the contents of file @name, as
 * strict JSON: UTF-8 strings, no text after the value, no key given twice
 * in one object.  NULL with "NAME:LINE:COL: not JSON: why", "NAME:1: the
 * file is empty" or "NAME:LINE: \"key\" is given twice ..." in @err.
 */
struct json_object *cxl_json_parse(const char *name, const char *text, size_t len, char *err,
				   size_t errlen);

/*
 * The contents of file @path, NUL-terminated, at most @max bytes, in a
 * malloc'd buffer; NULL with "PATH: cannot open: why", "PATH: is a
 * directory, not a file", "PATH: larger than ..." or a NUL byte in @err.
 */
char *cxl_json_read_file(const char *path, size_t max, size_t *len, char *err, size_t errlen);

#endif /* CXLSIM_CXL_JSON_POS_H */
