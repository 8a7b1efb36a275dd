// SPDX-License-Identifier: LGPL-2.1-or-later
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* strerrordesc_np */
#endif
#include <errno.h>
#include <string.h>

#include <cxlsim/common.h>

#define STR2(x) #x
#define STR(x) STR2(x)

CXLSIM_API const char *cxlsim_version(void)
{
	return STR(CXLSIM_VERSION_MAJOR) "." STR(CXLSIM_VERSION_MINOR) "." STR(CXLSIM_VERSION_PATCH);
}

CXLSIM_API const char *cxlsim_strerror(int err)
{
	int e = err < 0 ? -err : err;

	if (e == CXLSIM_EPROBE_DEFER)
		return "probe deferred";
	if (e == 0)
		return "success";
	/* strerrordesc_np() returns static text: thread-safe, unlike strerror(). */
	const char *s = strerrordesc_np(e);

	return s ? s : "unknown error";
}
