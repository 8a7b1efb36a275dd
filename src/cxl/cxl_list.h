/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The simulated machine as ndctl's `cxl list` shows a real one, and the way
 * back: a topology rebuilt from saved `cxl list -BPEMDT` output.  The mapping
 * in both directions is in docs/cxl-list.md.
 */
#ifndef CXLSIM_CXL_CXL_LIST_H
#define CXLSIM_CXL_CXL_LIST_H

#include <stddef.h>

#include "cxl/topology.h"
#include "sim/sim.h"

/*
 * cxl_list_json - the CXL layer's state in @s, after a run, as `cxl list`
 * JSON with @flags (CXLSIM__LIST_* of api/model.h).  Reads the model only;
 * call it between the end of a run and the next reset.  Returns a malloc'd
 * text the caller frees, or NULL when out of memory.
 */
char *cxl_list_json(struct sim *s, unsigned int flags);

/*
 * cxl_topo_from_cxl_list_file / _string - a topology from `cxl list` JSON:
 * host bridges from the root's dports and ports, switches from nested
 * ports, memdevs from endpoints, committed decoders and CFMWS windows where
 * the listing has them.  On error @err holds "FILE:LINE: problem" (for a
 * string, @name stands for FILE) and the return is -EINVAL, or -ENOMEM.
 * Never crashes, whatever the text.  The caller owns *@out.
 */
int cxl_topo_from_cxl_list_file(const char *path, struct cxl_topo **out, char *err, size_t errlen);
int cxl_topo_from_cxl_list_string(const char *name, const char *text, struct cxl_topo **out,
				  char *err, size_t errlen);

#endif /* CXLSIM_CXL_CXL_LIST_H */
