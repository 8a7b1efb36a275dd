// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The topology a command's options name: a built-in name, gen:N, a JSON
 * file, or saved `cxl list` output.  Shared by every model that simulates a
 * CXL machine (--model cxl, --model linux).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cxl/cxl_list.h"
#include "cxl/topology.h"

int cxl_topo_from_opts(const char *topology, const char *cxl_list, const char *fallback,
		       struct cxl_topo **out, char *err, size_t errlen)
{
	const char *topo = topology ? topology : fallback;
	struct stat st;
	int rc;

	if (cxl_list) {
		if (topology) {
			snprintf(err, errlen, "give --topology or --topology-from-cxl-list, not both");
			return -EINVAL;
		}
		return cxl_topo_from_cxl_list_file(cxl_list, out, err, errlen);
	}
	if (!strncmp(topo, "gen:", 4)) {
		char *end;
		unsigned long n = strtoul(topo + 4, &end, 10);

		if (!topo[4] || *end || !n || n > TOPO_MAX_ENDPOINTS) {
			snprintf(err, errlen, "topology '%s': gen:N wants N from 1 to %u memdevs",
				 topo, TOPO_MAX_ENDPOINTS);
			return -EINVAL;
		}
		return cxl_topo_generate((unsigned int)n, out);
	}
	rc = cxl_topo_builtin(topo, out);
	if (rc != -ENOENT)
		return rc;
	/* Not a built-in name: a JSON file, or a misspelt name. */
	if (stat(topo, &st) && errno == ENOENT) {
		snprintf(err, errlen,
			 "--topology %s: neither a built-in topology (default, minimal, accel, "
			 "gen:N) nor a file",
			 topo);
		return -EINVAL;
	}
	return cxl_topo_load_file(topo, out, err, errlen);
}
