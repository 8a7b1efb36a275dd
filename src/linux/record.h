/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the compat layer accepts without simulating (sysfs, debugfs,
 * tracepoints, char devices, firmware upload) is recorded in the running
 * simulation's trace, through this plain-C hook (src/linux/record.c), so that
 * kernel-style files need not see src/sim.
 */
#ifndef CXLSIM_LINUX_RECORD_H
#define CXLSIM_LINUX_RECORD_H

/* Record event @ev on object @obj with @detail (may be ""); nothing outside a run. */
void linux_compat_record(const char *ev, const char *obj, const char *detail);

#endif /* CXLSIM_LINUX_RECORD_H */
