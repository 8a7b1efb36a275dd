// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fuzz target: the topology JSON loader.  Whatever the text, loading must
 * not crash or leak, an error must come as "NAME:LINE: problem", and success
 * must hand back a topology.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxl/topology.h"
#include "fuzz.h"

static void __attribute__((noreturn)) fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz-topology: %s: %s\n", what, detail);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cxl_topo *t = NULL;
	char err[256] = "";
	char *text = malloc(size + 1);
	int rc;

	if (!text)
		return 0;
	/* The loader takes a C string: an embedded NUL ends the text early. */
	memcpy(text, data, size);
	text[size] = '\0';
	rc = cxl_topo_load_string("fuzz", text, &t, err, sizeof(err));
	if (rc == -EINVAL && strncmp(err, "fuzz:", 5))
		fail("error without a location", err);
	if (!rc && !t)
		fail("success without a topology", "");
	if (!rc && !t->nr_hb)
		fail("a topology without a host bridge", err);
	cxl_topo_free(t);
	free(text);
	return 0;
}
