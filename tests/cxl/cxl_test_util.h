/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The CXL model's property list, and a property's place in it, for tallies. */
#ifndef CXLSIM_TEST_CXL_UTIL_H
#define CXLSIM_TEST_CXL_UTIL_H

#include <string.h>

#include "api/model.h"

static inline const char *const *props(void)
{
	return cxlsim__model_find("cxl")->properties;
}

/* @name's index in props(), or -1. */
static inline int prop_index(const char *name)
{
	const char *const *p = props();
	int i;

	for (i = 0; p[i]; i++)
		if (!strcmp(p[i], name))
			return i;
	return -1;
}

#endif /* CXLSIM_TEST_CXL_UTIL_H */
