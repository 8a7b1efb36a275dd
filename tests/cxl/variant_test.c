// SPDX-License-Identifier: LGPL-2.1-or-later
/* Kernel-variant specs: base, series, and per-patch toggles. */
#include <string.h>

#include "harness.h"
#include "cxl/variant.h"

CXLSIM_TEST(variant_base_and_series)
{
	unsigned int m = 99;
	char err[256], name[256];

	assert_int_equal(cxl_variant_parse("base", &m, err, sizeof(err)), 0);
	assert_int_equal(m, 0);
	assert_int_equal(cxl_variant_parse("series", &m, err, sizeof(err)), 0);
	assert_int_equal(m, CXL_SERIES_TOGGLES);
	assert_false(m & CXL_MEMDEV_DETACH_OP);
	assert_string_equal(cxl_variant_name(m, name, sizeof(name)), "series");
}

CXLSIM_TEST(variant_toggles_added_to_base)
{
	unsigned int m;
	char err[256], name[256];

	assert_int_equal(cxl_variant_parse("base+sync-memdev-attach,memdev-probe-op", &m, err,
					   sizeof(err)), 0);
	assert_int_equal(m, CXL_SYNC_MEMDEV_ATTACH | CXL_MEMDEV_PROBE_OP);
	assert_string_equal(cxl_variant_name(m, name, sizeof(name)),
			    "base+sync-memdev-attach,memdev-probe-op");
	assert_int_equal(cxl_variant_parse("series-edac-release-fix", &m, err, sizeof(err)), 0);
	assert_int_equal(m, CXL_SERIES_TOGGLES & ~CXL_EDAC_RELEASE_FIX);
}

CXLSIM_TEST(variant_bad_specs_name_the_problem)
{
	unsigned int m;
	char err[256];

	assert_int_equal(cxl_variant_parse("linus", &m, err, sizeof(err)), -22);
	assert_non_null(strstr(err, "unknown kernel variant 'linus'"));
	assert_int_equal(cxl_variant_parse("base+sync-memdev", &m, err, sizeof(err)), -22);
	assert_non_null(strstr(err, "unknown toggle 'sync-memdev'"));
	assert_int_equal(cxl_variant_parse("base+", &m, err, sizeof(err)), -22);
	assert_int_equal(cxl_variant_parse("base+edac-release-fix,", &m, err, sizeof(err)), -22);
	assert_int_equal(cxl_variant_parse("baseline", &m, err, sizeof(err)), -22);
}

/* Fixes merged after the series are not in "series"; "series+FIX" adds them. */
CXLSIM_TEST(variant_fixes_are_added_to_series)
{
	unsigned int m;
	char err[256], name[256];

	assert_int_equal(cxl_variant_parse("series", &m, err, sizeof(err)), 0);
	assert_false(m & CXL_AUTOREMOVE_DEADLOCK_FIX);
	assert_int_equal(cxl_variant_parse("series+autoremove-deadlock-fix", &m, err,
					   sizeof(err)), 0);
	assert_int_equal(m, CXL_SERIES_TOGGLES | CXL_AUTOREMOVE_DEADLOCK_FIX);
	assert_string_equal(cxl_variant_name(m, name, sizeof(name)),
			    "series+autoremove-deadlock-fix");
	assert_int_equal(cxl_variant_parse("series+memdev-detach-op,autoremove-deadlock-fix", &m,
					   err, sizeof(err)), 0);
	assert_string_equal(cxl_variant_name(m, name, sizeof(name)),
			    "series+memdev-detach-op,autoremove-deadlock-fix");
	/* The name parses back to the same mask. */
	assert_int_equal(cxl_variant_parse(name, &m, err, sizeof(err)), 0);
	assert_int_equal(m, CXL_SERIES_TOGGLES | CXL_MEMDEV_DETACH_OP |
				    CXL_AUTOREMOVE_DEADLOCK_FIX);
	assert_int_equal(cxl_variant_parse("base+autoremove-deadlock-fix", &m, err, sizeof(err)),
			 0);
	assert_string_equal(cxl_variant_name(m, name, sizeof(name)),
			    "base+autoremove-deadlock-fix");
	assert_int_equal(cxl_variant_parse("series+", &m, err, sizeof(err)), -22);
	assert_int_equal(cxl_variant_parse("series+bogus", &m, err, sizeof(err)), -22);
	assert_non_null(strstr(err, "unknown toggle 'bogus'"));
}
