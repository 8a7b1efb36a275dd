// SPDX-License-Identifier: LGPL-2.1-or-later
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* strerrordesc_np() */
#endif
#include <limits.h>
#include <string.h>

#include <cxlsim/common.h>

#define STR2(x) #x
#define STR(x) STR2(x)
#define VERSION_STRING \
	STR(CXLSIM_VERSION_MAJOR) "." STR(CXLSIM_VERSION_MINOR) "." STR(CXLSIM_VERSION_PATCH)

CXLSIM_API const char *cxlsim_version(void)
{
	return VERSION_STRING;
}

CXLSIM_API const char *cxlsim_strerror(int err)
{
	const char *s;

	if (err == 0)
		return "success";
	/* Errors are negative; accept a positive errno too, as callers mix them up. */
	if (err == INT_MIN)
		return "unknown error";
	if (err < 0)
		err = -err;
	if (err == CXLSIM_EPROBE_DEFER)
		return "probe deferred";
	/*
	 * strerrordesc_np() returns constant text and never formats into a
	 * buffer, so unlike strerror() it is safe from any thread; NULL means
	 * the number is not an errno glibc knows.
	 */
	s = strerrordesc_np(err);
	return s ? s : "unknown error";
}
