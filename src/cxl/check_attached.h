/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The all-attached liveness property (check_attached.c). */
#ifndef CXLSIM_CXL_CHECK_ATTACHED_H
#define CXLSIM_CXL_CHECK_ATTACHED_H

#include "cxl/cxl.h"

/*
 * Check all-attached if the machine has settled (bus/settled.h), else only
 * trace why not.  @when completes the report ("after boot", ...).  Reads the
 * model and the driver core; changes nothing but the violations and trace.
 */
void cxl_check_attached(struct sim *s, struct cxl_model *m, const char *when);

#endif /* CXLSIM_CXL_CHECK_ATTACHED_H */
