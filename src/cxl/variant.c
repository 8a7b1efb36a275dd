// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cxl/variant.h"

const struct cxl_toggle_info cxl_toggles[] = {
	{ CXL_EDAC_RELEASE_FIX, "edac-release-fix", "patch 1 (10016118)",
	  "EDAC repair records are torn down by devres tied to their allocation, "
	  "not by the memdev's release()" },
	{ CXL_SYNC_MEMDEV_ATTACH, "sync-memdev-attach", "patch 2 (1f1cb7f0)",
	  "devm_cxl_add_memdev() moves into cxl_mem.ko and cxl_mem probes synchronously, "
	  "inside device_add()" },
	{ CXL_SYNC_ENDPOINT_ATTACH, "sync-endpoint-attach", "patch 3 (ae201a00)",
	  "devm_cxl_add_endpoint() moves into cxl_port.ko (a hard dependency replaces the "
	  "softdep) and cxl_port probes synchronously" },
	{ CXL_SCOPED_CLEANUP, "scoped-cleanup", "patch 4 (6e1d2190)",
	  "__devm_cxl_add_memdev() unwinds with scope-based cleanup; no behaviour change" },
	{ CXL_DROP_HOST_ARG, "drop-host-arg", "patch 5 (f2546eba)",
	  "devm_cxl_add_memdev() takes the host from cxlds->dev; API change only" },
	{ CXL_MEMDEV_PROBE_OP, "memdev-probe-op", "patch 6 (29317f8d)",
	  "callers may pass attach ops; the call then returns only with the memdev attached "
	  "and ->probe() done, or an error" },
	{ CXL_MEMDEV_DETACH_OP, "memdev-detach-op", "proposal (unmerged)",
	  "a proposal from the thread that no kernel merged: detaching a memdev calls "
	  "ops->detach(), so an accelerator can let go of its device when the CXL "
	  "hierarchy goes away" },
	{ CXL_AUTOREMOVE_DEADLOCK_FIX, "autoremove-deadlock-fix", "fix 318c58852e68",
	  "a failed attach (patch 6) is checked under memN's device lock but memN is "
	  "unregistered after the lock is dropped; as merged, device_del() took the lock "
	  "again and deadlocked" },
	{ CXL_PORT_HOST_LOCK_FIX, "port-host-lock-fix", "fix 0066688dbcdc",
	  "a memdev that finds an existing port takes the port's host lock before adding its "
	  "dport, so it waits while the port is still being added and bound instead of "
	  "failing with -ENXIO and staying unbound" },
	{ 0, NULL, NULL, NULL },
};

static const struct cxl_toggle_info *find(const char *name, size_t len)
{
	const struct cxl_toggle_info *t;

	for (t = cxl_toggles; t->name; t++)
		if (strlen(t->name) == len && !strncmp(t->name, name, len))
			return t;
	return NULL;
}

int cxl_variant_parse(const char *spec, unsigned int *mask, char *err, size_t errlen)
{
	const char *p, *list = NULL;
	bool add = true;
	unsigned int m;

	if (!strncmp(spec, "base", 4) && (spec[4] == '\0' || spec[4] == '+')) {
		m = 0;
		list = spec[4] ? spec + 5 : NULL;
	} else if (!strncmp(spec, "series", 6) &&
		   (spec[6] == '\0' || spec[6] == '-' || spec[6] == '+')) {
		m = CXL_SERIES_TOGGLES;
		list = spec[6] ? spec + 7 : NULL;
		add = spec[6] == '+';
	} else {
		snprintf(err, errlen,
			 "unknown kernel variant '%s': use base, series, base+TOGGLE,..., "
			 "series+TOGGLE,... or series-TOGGLE,... (see cxlsim variants)", spec);
		return -EINVAL;
	}
	for (p = list; p && *p;) {
		size_t len = strcspn(p, ",");
		const struct cxl_toggle_info *t = find(p, len);

		if (!t) {
			snprintf(err, errlen, "unknown toggle '%.*s' in kernel variant '%s' "
				 "(see cxlsim variants)", (int)len, p, spec);
			return -EINVAL;
		}
		m = add ? m | t->bit : m & ~t->bit;
		p += len;
		if (*p == ',' && !p[1]) {
			snprintf(err, errlen, "kernel variant '%s' ends with a comma", spec);
			return -EINVAL;
		}
		if (*p == ',')
			p++;
	}
	if (list && !*list) {
		snprintf(err, errlen, "kernel variant '%s' names no toggle after '%c'", spec,
			 add ? '+' : '-');
		return -EINVAL;
	}
	*mask = m;
	return 0;
}

const char *cxl_variant_name(unsigned int mask, char *buf, size_t len)
{
	const struct cxl_toggle_info *t;
	size_t off;
	bool first = true;

	if (mask == 0)
		return snprintf(buf, len, "base"), buf;
	if (mask == CXL_SERIES_TOGGLES)
		return snprintf(buf, len, "series"), buf;
	/* Fixes and proposals on top of the whole series read as what they add to it. */
	if ((mask & CXL_SERIES_TOGGLES) == CXL_SERIES_TOGGLES) {
		off = (size_t)snprintf(buf, len, "series+");
		mask &= ~CXL_SERIES_TOGGLES;
	} else {
		off = (size_t)snprintf(buf, len, "base+");
	}
	for (t = cxl_toggles; t->name && off < len; t++) {
		if (!(mask & t->bit))
			continue;
		off += (size_t)snprintf(buf + off, len - off, "%s%s", first ? "" : ",", t->name);
		first = false;
	}
	return buf;
}
