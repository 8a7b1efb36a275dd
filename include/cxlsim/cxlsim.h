/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libcxlsim: the umbrella header. */
#ifndef CXLSIM_CXLSIM_H
#define CXLSIM_CXLSIM_H

#include <cxlsim/bus.h>
#include <cxlsim/common.h>
#include <cxlsim/ctx.h>
#include <cxlsim/model.h>
#include <cxlsim/stress.h>

#endif /* CXLSIM_CXLSIM_H */
